declare module 'clipper-lib' {
  // clipper-lib ships no types; the geometry wrapper declares what it uses.
  const ClipperLib: any;
  export default ClipperLib;
}
