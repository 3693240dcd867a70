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

// A parsed file: the header and the records. Values are raw text (no trimming).
class CsvTable {
 public:
  // Parses `text` (UTF-8, optional BOM, CRLF or LF). `source` names the file
  // in errors ("indicators.csv: line 7: unterminated quote").
  static Result<CsvTable> Parse(std::string_view text, std::string_view source);
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

// Quotes a cell when needed (comma, quote, CR/LF).
std::string CsvEscape(std::string_view cell);

}  // namespace wcp
