/**
 * hls.js's light build (no subtitles, alternate audio or DRM: a council's webcast needs none of
 * them, and it is a third smaller) ships no typings of its own; its API is the full build's.
 */
declare module 'hls.js/light' {
  import Hls from 'hls.js';
  export default Hls;
}
