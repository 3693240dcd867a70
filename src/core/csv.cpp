#include "core/csv.hpp"

#include <algorithm>

namespace wcp {

Result<CsvTable> CsvTable::Parse(std::string_view text, std::string_view source) {
  CsvTable table;
  table.source_ = std::string(source);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

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
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
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
        end_record();
        break;
      default: cell += c;
    }
  }
  if (in_quotes) {
    return Status::Invalid(table.source_ + ": line " + std::to_string(current.line) +
                               ": unterminated quoted cell",
                           "line " + std::to_string(current.line));
  }
  if (!cell.empty() || !current.cells.empty() || cell_was_quoted) end_record();
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
      return Status::Invalid(source_ + ": missing column '" + col + "'", col);
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

std::string CsvEscape(std::string_view cell) {
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
