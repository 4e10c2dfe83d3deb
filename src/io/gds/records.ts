/**
 * The GDSII Stream record table (Calma GDSII Stream Format, release 6.0). Each record is
 * [length u16][record type u8][data type u8][data], big-endian, length including the 4-byte header.
 */

/** GDSII data type codes. */
export const DT = { NONE: 0, BITARRAY: 1, INT16: 2, INT32: 3, REAL4: 4, REAL8: 5, ASCII: 6 } as const;

/** Record type codes used by the writer and reader. */
export const RT = {
  HEADER: 0x00, BGNLIB: 0x01, LIBNAME: 0x02, UNITS: 0x03, ENDLIB: 0x04, BGNSTR: 0x05, STRNAME: 0x06,
  ENDSTR: 0x07, BOUNDARY: 0x08, PATH: 0x09, SREF: 0x0a, AREF: 0x0b, TEXT: 0x0c, LAYER: 0x0d,
  DATATYPE: 0x0e, WIDTH: 0x0f, XY: 0x10, ENDEL: 0x11, SNAME: 0x12, COLROW: 0x13, TEXTNODE: 0x14,
  NODE: 0x15, TEXTTYPE: 0x16, PRESENTATION: 0x17, SPACING: 0x18, STRING: 0x19, STRANS: 0x1a, MAG: 0x1b,
  ANGLE: 0x1c, UINTEGER: 0x1d, USTRING: 0x1e, REFLIBS: 0x1f, FONTS: 0x20, PATHTYPE: 0x21,
  GENERATIONS: 0x22, ATTRTABLE: 0x23, STYPTABLE: 0x24, STRTYPE: 0x25, ELFLAGS: 0x26, ELKEY: 0x27,
  LINKTYPE: 0x28, LINKKEYS: 0x29, NODETYPE: 0x2a, PROPATTR: 0x2b, PROPVALUE: 0x2c, BOX: 0x2d,
  BOXTYPE: 0x2e, PLEX: 0x2f, BGNEXTN: 0x30, ENDEXTN: 0x31, TAPENUM: 0x32, TAPECODE: 0x33,
  STRCLASS: 0x34, RESERVED: 0x35, FORMAT: 0x36, MASK: 0x37, ENDMASKS: 0x38, LIBDIRSIZE: 0x39,
  SRFNAME: 0x3a, LIBSECUR: 0x3b,
} as const;

/** Record names by code, for messages. */
export const RECORD_NAME: Record<number, string> = Object.fromEntries(Object.entries(RT).map(([k, v]) => [v, k]));

/**
 * The data type each record must carry (undefined: not checked). A record whose data type disagrees
 * is a corrupt file.
 */
export const RECORD_DATATYPE: Record<number, number> = {
  [RT.HEADER]: DT.INT16, [RT.BGNLIB]: DT.INT16, [RT.LIBNAME]: DT.ASCII, [RT.UNITS]: DT.REAL8,
  [RT.ENDLIB]: DT.NONE, [RT.BGNSTR]: DT.INT16, [RT.STRNAME]: DT.ASCII, [RT.ENDSTR]: DT.NONE,
  [RT.BOUNDARY]: DT.NONE, [RT.PATH]: DT.NONE, [RT.SREF]: DT.NONE, [RT.AREF]: DT.NONE, [RT.TEXT]: DT.NONE,
  [RT.LAYER]: DT.INT16, [RT.DATATYPE]: DT.INT16, [RT.WIDTH]: DT.INT32, [RT.XY]: DT.INT32,
  [RT.ENDEL]: DT.NONE, [RT.SNAME]: DT.ASCII, [RT.COLROW]: DT.INT16, [RT.NODE]: DT.NONE,
  [RT.TEXTTYPE]: DT.INT16, [RT.PRESENTATION]: DT.BITARRAY, [RT.STRING]: DT.ASCII,
  [RT.STRANS]: DT.BITARRAY, [RT.MAG]: DT.REAL8, [RT.ANGLE]: DT.REAL8, [RT.PATHTYPE]: DT.INT16,
  [RT.PROPATTR]: DT.INT16, [RT.PROPVALUE]: DT.ASCII, [RT.BOX]: DT.NONE, [RT.BOXTYPE]: DT.INT16,
  [RT.BGNEXTN]: DT.INT32, [RT.ENDEXTN]: DT.INT32,
};

/** Largest record: the length field is 16 bits. */
export const MAX_RECORD_BYTES = 65535;
/** Most points in one XY record: (65535 - 4) / 8 rounded down = 8191. */
export const MAX_XY_POINTS = 8191;
/** Most vertices of one BOUNDARY: the XY record repeats the first point to close the ring. */
export const MAX_POLYGON_VERTICES = MAX_XY_POINTS - 1;
/**
 * Vertices per BOUNDARY the writer splits at by default: 4094, so the XY record (4 + 4095 x 8 =
 * 32,764 bytes) stays below 0x8000. Readers that take the record length as signed 16 bits fail on
 * longer records, and KLayout warns about every one ("Record length larger than 0x8000").
 */
export const DEFAULT_POLYGON_VERTICES = 4094;

/** STRANS flag bits. */
export const STRANS_REFLECT = 0x8000;
export const STRANS_ABS_MAG = 0x0004;
export const STRANS_ABS_ANGLE = 0x0002;
