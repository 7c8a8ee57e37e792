// Colours and fill characters. Colours come from the Okabe-Ito palette (safe for the common colour-vision
// deficiencies), and every meaning also has its own fill character and brightness, so the meters read the same
// with NO_COLOR, in a monochrome recording or for a colour-blind viewer (htop#905 asks for exactly this).
export const FILL = {
  used: '█', // solid, bright
  shared: '▓', // dense shade: tmpfs/shmem, part of buff/cache
  cache: '▒', // medium shade: buff/cache
  free: '·', // dot: free
  swapUsed: '█',
} as const;

export const COLOR = {
  used: '#E69F00', // orange
  shared: '#CC79A7', // reddish purple
  cache: '#56B4E9', // sky blue
  free: 'gray',
  swapUsed: '#D55E00', // vermillion
  mark: 'white',
  accent: '#56B4E9',
  warn: '#F0E442', // yellow
  danger: '#D55E00',
  ok: '#009E73', // bluish green
} as const;
