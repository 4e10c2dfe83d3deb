/** The HTML report of a build and the previews it embeds (wafer map from the model, die view). */
export { htmlReport, htmlEscape, genericHtml, rowsTable, kvTable, humanKey, fmtValue, ROW_CAP } from './report.ts';
export type { HtmlReportInput } from './report.ts';
export { dieViewSvg, splitViolations, waferMapData, waferMapOf } from './previews.ts';
export type { NetGeometry, Violation } from './previews.ts';
