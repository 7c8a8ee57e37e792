console.log("build stub")
