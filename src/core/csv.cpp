#include "core/csv.hpp"

#include <algorithm>

namespace wcp {

namespace {

bool IsPlainNumber(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  bool digit = false, dot = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

int LineAt(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace

bool IsValidUtf8(std::string_view s, size_t* bad_offset) {
  size_t i = 0;
  const auto fail = [&] {
    if (bad_offset) *bad_offset = i;
    return false;
  };
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int n = 0;
    uint32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) n = 1, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF) n = 2, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4) n = 3, cp = b & 0x07;
    else return fail();
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return fail();
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return fail();
      cp = (cp << 6) | (c & 0x3F);
    }
    const bool overlong = (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return fail();
    i += n + 1;
  }
  return true;
}

Result<CsvTable> CsvTable::Parse(std::string_view text, std::string_view source, const TableLimits& limits) {
  CsvTable table;
  table.source_ = std::string(source);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (size_t bad = 0; !IsValidUtf8(text, &bad)) {
    const int at = LineAt(text, bad);
    return Status::Invalid(table.source_ + ": line " + std::to_string(at) +
                               ": the file is not UTF-8 text (in Excel, save as \"CSV UTF-8\")",
                           "line " + std::to_string(at));
  }
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const int at = LineAt(text, nul);
    return Status::Invalid(table.source_ + ": line " + std::to_string(at) + ": a NUL character (not text)",
                           "line " + std::to_string(at));
  }
  const auto too_large = [&](const std::string& what) {
    return Status::TooLarge(table.source_ + ": " + what, "file");
  };

  std::vector<CsvRow> records;
  CsvRow current{1, {}};
  std::string cell;
  int line = 1;
  bool in_quotes = false, cell_was_quoted = false;
  const auto end_record = [&] {
    current.cells.push_back(std::move(cell));
    cell.clear();
    cell_was_quoted = false;
    const bool blank = current.cells.size() == 1 && current.cells[0].empty();
    if (!blank) records.push_back(std::move(current));
    current = CsvRow{line, {}};
    return records.size() <= static_cast<size_t>(limits.max_rows) + 1;  // + the header
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (cell.size() > limits.max_cell_bytes) {
      return too_large("line " + std::to_string(line) + ": a cell longer than " + std::to_string(limits.max_cell_bytes) + " bytes");
    }
    if (current.cells.size() >= static_cast<size_t>(limits.max_columns)) {
      return too_large("line " + std::to_string(line) + ": more than " + std::to_string(limits.max_columns) + " columns");
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!cell.empty() || cell_was_quoted) {
          return Status::Invalid(table.source_ + ": line " + std::to_string(line) +
                                     ": stray quote inside an unquoted cell",
                                 "line " + std::to_string(line));
        }
        in_quotes = cell_was_quoted = true;
        break;
      case ',':
        current.cells.push_back(std::move(cell));
        cell.clear();
        cell_was_quoted = false;
        break;
      case '\r': break;
      case '\n':
        ++line;
        if (!end_record()) return too_large("more than " + std::to_string(limits.max_rows) + " data rows (the import limit)");
        break;
      default: cell += c;
    }
  }
  if (in_quotes) {
    return Status::Invalid(table.source_ + ": line " + std::to_string(current.line) +
                               ": unterminated quoted cell",
                           "line " + std::to_string(current.line));
  }
  if ((!cell.empty() || !current.cells.empty() || cell_was_quoted) && !end_record()) {
    return too_large("more than " + std::to_string(limits.max_rows) + " data rows (the import limit)");
  }
  if (records.empty()) return Status::Invalid(table.source_ + ": the file is empty");

  std::vector<std::string> header = std::move(records.front().cells);
  std::vector<CsvRow> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].cells.size() != header.size()) {
      return Status::Invalid(table.source_ + ": line " + std::to_string(records[r].line) + ": " +
                                 std::to_string(records[r].cells.size()) + " cells, the header has " +
                                 std::to_string(header.size()),
                             "line " + std::to_string(records[r].line));
    }
    rows.push_back(std::move(records[r]));
  }
  return FromRows(std::move(header), std::move(rows), source);
}

Result<CsvTable> CsvTable::FromRows(std::vector<std::string> header, std::vector<CsvRow> rows,
                                    std::string_view source) {
  CsvTable table;
  table.source_ = std::string(source);
  table.header_ = std::move(header);
  for (size_t i = 0; i < table.header_.size(); ++i) {
    if (!table.index_.emplace(table.header_[i], i).second) {
      return Status::Invalid(table.source_ + ": column '" + table.header_[i] + "' appears twice", table.header_[i]);
    }
  }
  table.rows_ = std::move(rows);
  return table;
}

Status CsvTable::RequireColumns(const std::vector<std::string>& required,
                                const std::vector<std::string>& optional) const {
  for (const auto& col : required) {
    if (!index_.count(col)) {
      return Status::Invalid(source_ + ": missing column '" + col + "'", col).WithCode("missing-column", {{"column", col}});
    }
  }
  for (const auto& col : header_) {
    const bool known = std::find(required.begin(), required.end(), col) != required.end() ||
                       std::find(optional.begin(), optional.end(), col) != optional.end();
    if (!known) return Status::Invalid(source_ + ": unexpected column '" + col + "'", col);
  }
  return Status::Ok();
}

const std::string& CsvTable::Get(const CsvRow& row, std::string_view column) const {
  static const std::string kEmpty;
  auto it = index_.find(column);
  if (it == index_.end() || it->second >= row.cells.size()) return kEmpty;
  return row.cells[it->second];
}

std::string CsvEscape(std::string_view raw) {
  static constexpr std::string_view kFormulaStart = "=+-@\t\r";
  std::string neutral;
  if (!raw.empty() && kFormulaStart.find(raw[0]) != std::string_view::npos && !IsPlainNumber(raw)) {
    neutral = "'" + std::string(raw);
    raw = neutral;
  }
  const std::string_view cell = raw;
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace wcp
