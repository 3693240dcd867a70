// core/xlsx.hpp — reading the first worksheet of an .xlsx upload.
//
// An .xlsx file is a zip of XML parts; this reads xl/sharedStrings.xml and
// the first worksheet (xl/worksheets/sheet1.xml) with libxml2's pull reader
// (no network, no DTD, no entity substitution) into the same CsvTable the
// CSV importers use, so every importer accepts both formats. Cells keep
// their text as stored (numbers in their shortest round-trip form, as Excel
// writes them). Formulas are read as their cached values.
//
// Untrusted input: every cell reference is validated against the format
// (A1 … XFD1048576) and the sheet against XlsxLimits; anything else is
// kInvalid (or kTooLarge) naming the file and the cell, never a crash.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/csv.hpp"
#include "core/status.hpp"

namespace wcp {

// What one import reads at most (docs/security.md lists the defaults).
struct XlsxLimits : TableLimits {
  size_t max_cells = 1000000;  // non-empty cells (about 50 MB of sheet while it is checked)
  size_t max_shared_strings = 1000000;
};

// A parsed "BC12": 1-based row, 0-based column.
struct CellRef {
  int row = 0;
  int column = 0;
};

// Strict A1 reference: 1–3 upper-case letters up to XFD, then a row
// 1 … 1,048,576 without leading zeros. kInvalid otherwise.
Result<CellRef> ParseCellRef(std::string_view ref);

// The first worksheet's non-empty cells: row (1-based, as the sheet numbers
// it) → column (0-based: A is 0) → text (numbers as written, booleans
// TRUE/FALSE). kInvalid naming `source` when the
// bytes are not a readable workbook, kTooLarge when it exceeds `limits`.
using XlsxCells = std::map<int, std::map<int, std::string>>;
Result<XlsxCells> ReadXlsxFirstSheetCells(std::string_view bytes, std::string_view source,
                                          const XlsxLimits& limits = {});
// The same for worksheet `sheet_number` (1-based, the part xl/worksheets/sheetN.xml).
Result<XlsxCells> ReadXlsxSheetCells(std::string_view bytes, std::string_view source, int sheet_number,
                                     const XlsxLimits& limits = {});

// The first worksheet as a table: its first row is the header (its last
// non-empty cell sets the width), blank rows are skipped, and a cell right of
// the header's last column is an error naming it (data is never dropped).
Result<CsvTable> ReadXlsxFirstSheet(std::string_view bytes, std::string_view source,
                                    const XlsxLimits& limits = {});

// True when `bytes` look like a zip archive (an .xlsx), not CSV text.
bool LooksLikeXlsx(std::string_view bytes);

}  // namespace wcp
