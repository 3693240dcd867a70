// core/xlsx.hpp — reading the first worksheet of an .xlsx upload.
//
// An .xlsx file is a zip of XML parts; this reads xl/sharedStrings.xml and
// the first worksheet (xl/worksheets/sheet1.xml) into the same CsvTable the
// CSV importers use, so every importer accepts both formats. Cells keep
// their text as stored (numbers in their shortest round-trip form, as Excel
// writes them). Formulas are read as their cached values.
#pragma once

#include <string_view>

#include "core/csv.hpp"
#include "core/status.hpp"

namespace wcp {

// kInvalid naming `source` when the bytes are not a readable workbook.
Result<CsvTable> ReadXlsxFirstSheet(std::string_view bytes, std::string_view source);

// True when `bytes` look like a zip archive (an .xlsx), not CSV text.
bool LooksLikeXlsx(std::string_view bytes);

}  // namespace wcp
