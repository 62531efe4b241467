import ExcelJS from 'exceljs';

/**
 * What a spreadsheet program sees of an .xlsx file, read back by exceljs: every sheet's
 * settings (views, filter, page setup, column widths) and every row's height and cells (value,
 * type, font, alignment, border, fill, number format), and the workbook's properties and
 * defined names. Two files that give equal models show the same contents, however they were
 * written (in memory or streamed, shared strings or inline).
 */
export async function workbookModel(file: Buffer): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return {
    creator: wb.creator,
    title: wb.title,
    created: wb.created?.toISOString(),
    definedNames: wb.definedNames.model,
    sheets: wb.worksheets.map((sheet) => {
      const rows: unknown[] = [];
      sheet.eachRow({ includeEmpty: true }, (row, number) => {
        const cells: unknown[] = [];
        row.eachCell({ includeEmpty: true }, (cell) => {
          const { font, alignment, border, fill, numFmt } = cell.style;
          cells.push({
            address: cell.address,
            type: cell.type,
            value: cell.value instanceof Date ? cell.value.toISOString() : cell.value,
            style: { font, alignment, border, fill, numFmt },
          });
        });
        const { font, alignment, border, fill, numFmt } = row;
        rows.push({
          number,
          height: row.height,
          style: { font, alignment, border, fill, numFmt },
          cells,
        });
      });
      return {
        name: sheet.name,
        views: sheet.views,
        autoFilter: sheet.autoFilter,
        pageSetup: sheet.pageSetup,
        columns: (sheet.columns ?? []).map((c) => ({ width: c.width })),
        rowCount: sheet.rowCount,
        rows,
      };
    }),
  };
}
