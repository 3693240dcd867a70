// core/csv.hpp — RFC 4180 CSV reading with line numbers for error messages.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wcp {

struct CsvRow {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> cells;
};

// What one imported table may hold (docs/security.md lists the defaults).
// Every importer is bounded by these, whatever the file's format.
struct TableLimits {
  int max_rows = 100000;          // data rows after the header
  int max_columns = 256;
  size_t max_cell_bytes = 32767;  // Excel's own limit per cell
};

// A parsed file: the header and the records. Values are raw text (no trimming).
class CsvTable {
 public:
  // Parses `text` (UTF-8, optional BOM, CRLF or LF). `source` names the file
  // in errors ("indicators.csv: line 7: unterminated quote"). kInvalid for
  // text that is not UTF-8 (e.g. a GBK file), kTooLarge beyond `limits`.
  static Result<CsvTable> Parse(std::string_view text, std::string_view source, const TableLimits& limits = {});
  // A table from already split rows (e.g. an .xlsx sheet). kInvalid for a
  // duplicate column name.
  static Result<CsvTable> FromRows(std::vector<std::string> header, std::vector<CsvRow> rows,
                                   std::string_view source);

  // Checks that the header has exactly `required` plus any of `optional`;
  // the error names the missing or unexpected column.
  Status RequireColumns(const std::vector<std::string>& required,
                        const std::vector<std::string>& optional = {}) const;

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  const std::string& source() const { return source_; }
  // The cell of `row` in column `column` ("" when the column is absent).
  const std::string& Get(const CsvRow& row, std::string_view column) const;

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::map<std::string, size_t, std::less<>> index_;
  std::vector<CsvRow> rows_;
};

// One exported cell: quoted when needed (comma, quote, CR/LF), and a text
// that a spreadsheet would run as a formula (starting with = + - @ tab or
// CR, OWASP's rule) is prefixed with ' so it stays text. Plain numbers such
// as "-1.5" are left as they are.
std::string CsvEscape(std::string_view cell);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or
// code points above U+10FFFF). *bad_offset gets the first bad byte.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

}  // namespace wcp
