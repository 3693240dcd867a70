#include "core/xlsx.hpp"

#include <libxml/xmlreader.h>
#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

namespace wcp {
namespace {

// Bounds from the format (ECMA-376: 16,384 columns, 1,048,576 rows) and
// our own, smaller caps for what an import reads; see docs/security.md.
constexpr int kFormatMaxColumn = 16384;  // XFD
constexpr int kFormatMaxRow = 1048576;
constexpr size_t kMaxPartBytes = 32u << 20;  // one XML part, uncompressed

Status Invalid(std::string_view source, const std::string& what) {
  return Status::Invalid(std::string(source) + ": " + what, "file");
}

Result<std::string> ReadEntry(zip_t* archive, const char* name, bool required, std::string_view source) {
  zip_stat_t st;
  if (zip_stat(archive, name, 0, &st) != 0) {
    if (!required) return std::string();
    return Invalid(source, std::string("not a workbook (no ") + name + ")");
  }
  if (st.size > kMaxPartBytes) {
    return Status::TooLarge(std::string(source) + ": " + name + " is larger than " +
                                std::to_string(kMaxPartBytes >> 20) + " MiB uncompressed",
                            "file");
  }
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen(archive, name, 0), zip_fclose);
  if (!f) return Invalid(source, std::string("cannot read ") + name);
  std::string out(st.size, '\0');
  if (zip_fread(f.get(), out.data(), st.size) != static_cast<zip_int64_t>(st.size)) {
    return Invalid(source, std::string("truncated ") + name);
  }
  return out;
}

// A libxml2 pull reader over one XML part: no network, no DTD loading, no
// entity substitution (so no XXE and no entity expansion bombs).
class XmlReader {
 public:
  XmlReader(const std::string& xml, const char* part)
      : reader_(xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), part, "UTF-8",
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
                xmlFreeTextReader) {}
  // 1: a node was read; 0: end of document; -1: malformed XML.
  int Next() { return reader_ ? xmlTextReaderRead(reader_.get()) : -1; }
  int Type() const { return xmlTextReaderNodeType(reader_.get()); }
  bool IsEmpty() const { return xmlTextReaderIsEmptyElement(reader_.get()) == 1; }
  std::string_view Name() const { return Str(xmlTextReaderConstLocalName(reader_.get())); }
  std::string_view Value() const { return Str(xmlTextReaderConstValue(reader_.get())); }
  std::string Attribute(const char* name) const {
    xmlChar* v = xmlTextReaderGetAttribute(reader_.get(), reinterpret_cast<const xmlChar*>(name));
    std::string out = v ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return out;
  }
  bool HasAttribute(const char* name) const {
    xmlChar* v = xmlTextReaderGetAttribute(reader_.get(), reinterpret_cast<const xmlChar*>(name));
    xmlFree(v);
    return v != nullptr;
  }

 private:
  static std::string_view Str(const xmlChar* s) {
    return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
  }
  std::unique_ptr<xmlTextReader, decltype(&xmlFreeTextReader)> reader_;
};

constexpr int kElement = XML_READER_TYPE_ELEMENT;
constexpr int kEndElement = XML_READER_TYPE_END_ELEMENT;
bool IsText(int type) {
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
         type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_CDATA;
}

// The shared-string table: each <si> is the text of its <t> runs, without
// phonetic (<rPh>) runs.
Result<std::vector<std::string>> ReadSharedStrings(const std::string& xml, const XlsxLimits& limits,
                                                   std::string_view source) {
  std::vector<std::string> out;
  if (xml.empty()) return out;
  XmlReader r(xml, "sharedStrings.xml");
  bool in_si = false, in_t = false;
  int phonetic_depth = 0;
  int rc;
  while ((rc = r.Next()) == 1) {
    const int type = r.Type();
    if (type == kElement && !r.IsEmpty()) {
      if (r.Name() == "si") {
        if (out.size() >= limits.max_shared_strings) {
          return Invalid(source, "more than " + std::to_string(limits.max_shared_strings) + " shared strings");
        }
        in_si = true;
        out.emplace_back();
      } else if (r.Name() == "rPh") {
        ++phonetic_depth;
      } else if (r.Name() == "t") {
        in_t = true;
      }
    } else if (type == kElement && r.Name() == "si") {
      out.emplace_back();  // <si/>
    } else if (type == kEndElement) {
      if (r.Name() == "si") in_si = false;
      else if (r.Name() == "rPh") --phonetic_depth;
      else if (r.Name() == "t") in_t = false;
    } else if (IsText(type) && in_si && in_t && phonetic_depth == 0) {
      out.back() += r.Value();
    }
  }
  if (rc < 0) return Invalid(source, "xl/sharedStrings.xml is not well-formed XML");
  return out;
}

}  // namespace

Result<CellRef> ParseCellRef(std::string_view ref) {
  size_t letters = 0;
  int column = 0;
  while (letters < ref.size() && ref[letters] >= 'A' && ref[letters] <= 'Z') {
    if (letters == 3) return Status::Invalid("'" + std::string(ref) + "' is not a cell reference (columns end at XFD)");
    column = column * 26 + (ref[letters] - 'A' + 1);
    ++letters;
  }
  const std::string_view digits = ref.substr(letters);
  const bool digits_ok = !digits.empty() && digits.size() <= 7 && digits[0] != '0' &&
                         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (letters == 0 || !digits_ok) {
    return Status::Invalid("'" + std::string(ref) + "' is not a cell reference (A1 … XFD1048576)");
  }
  int row = 0;
  for (char c : digits) row = row * 10 + (c - '0');
  if (column > kFormatMaxColumn || row > kFormatMaxRow) {
    return Status::Invalid("'" + std::string(ref) + "' is outside a worksheet (A1 … XFD1048576)");
  }
  return CellRef{row, column - 1};
}

bool LooksLikeXlsx(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

namespace {

// Streams the worksheet's cells into a sparse row → column → text map,
// refusing any reference outside the format or beyond `limits`.
class SheetReader {
 public:
  SheetReader(const std::vector<std::string>& shared, const XlsxLimits& limits, std::string_view source)
      : shared_(shared), limits_(limits), source_(source) {}

  Result<std::map<int, std::map<int, std::string>>> Read(const std::string& xml) {
    XmlReader r(xml, "sheet1.xml");
    int rc;
    while ((rc = r.Next()) == 1) {
      WCP_RETURN_IF_ERROR(OnNode(r));
    }
    if (rc < 0) return Invalid(source_, "the first worksheet is not well-formed XML");
    return std::move(rows_);
  }

 private:
  Status OnNode(const XmlReader& r) {
    const int type = r.Type();
    const std::string_view name = r.Name();
    if (type == kElement && name == "row") return BeginRow(r);
    if (type == kElement && name == "c") {
      WCP_RETURN_IF_ERROR(BeginCell(r));
      if (r.IsEmpty()) return EndCell();
      return Status::Ok();
    }
    if (type == kElement && !r.IsEmpty() && in_cell_) {
      if (name == "v" || (name == "t" && phonetic_depth_ == 0)) in_text_ = true;
      if (name == "rPh") ++phonetic_depth_;
      return Status::Ok();
    }
    if (type == kEndElement) {
      if (name == "c") return EndCell();
      if (name == "v" || name == "t") in_text_ = false;
      if (name == "rPh") --phonetic_depth_;
      return Status::Ok();
    }
    if (IsText(type) && in_text_) {
      if (text_.size() + r.Value().size() > limits_.max_cell_bytes) {
        return Invalid(source_, "cell " + ref_ + " holds more than " + std::to_string(limits_.max_cell_bytes) + " bytes");
      }
      text_ += r.Value();
    }
    return Status::Ok();
  }

  Status BeginRow(const XmlReader& r) {
    const std::string given = r.Attribute("r");
    if (given.empty()) {
      ++row_;
    } else {
      auto ref = ParseCellRef("A" + given);
      if (!ref.ok()) return Invalid(source_, "row number '" + given + "' is not valid (1 … 1048576)");
      row_ = ref->row;
    }
    column_ = -1;
    return CheckRow();
  }

  Status CheckRow() const {
    if (row_ > limits_.max_rows + 1) {  // + the header row
      return Status::TooLarge(std::string(source_) + ": more than " + std::to_string(limits_.max_rows) +
                                  " data rows (the import limit)",
                              "file");
    }
    return Status::Ok();
  }

  Status BeginCell(const XmlReader& r) {
    ref_ = r.Attribute("r");
    type_ = r.Attribute("t");
    text_.clear();
    if (ref_.empty()) {  // a cell without a reference follows the previous one
      if (row_ == 0) row_ = 1;
      ++column_;
      ref_ = "#" + std::to_string(column_ + 1) + " of row " + std::to_string(row_);
    } else {
      auto ref = ParseCellRef(ref_);
      if (!ref.ok()) return Invalid(source_, "cell " + ref.status().message());
      row_ = ref->row;
      column_ = ref->column;
    }
    WCP_RETURN_IF_ERROR(CheckRow());
    if (column_ >= limits_.max_columns) {
      return Invalid(source_, "cell " + ref_ + " is beyond the " + std::to_string(limits_.max_columns) +
                                  " columns an import reads");
    }
    in_cell_ = true;
    return Status::Ok();
  }

  Status EndCell() {
    in_cell_ = in_text_ = false;
    phonetic_depth_ = 0;
    std::string value = std::move(text_);
    text_.clear();
    if (type_ == "s") {
      WCP_ASSIGN_OR_RETURN(value, SharedString(value));
    } else if (type_ == "b") {
      value = value == "1" ? "TRUE" : "FALSE";
    }
    if (value.empty()) return Status::Ok();
    if (++cells_ > limits_.max_cells) {
      return Status::TooLarge(std::string(source_) + ": more than " + std::to_string(limits_.max_cells) + " cells",
                              "file");
    }
    rows_[row_][column_] = std::move(value);
    return Status::Ok();
  }

  Result<std::string> SharedString(const std::string& index_text) const {
    size_t index = 0;
    const bool digits = !index_text.empty() && index_text.size() <= 9 &&
                        std::all_of(index_text.begin(), index_text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) index = std::stoul(index_text);
    if (!digits || index >= shared_.size()) {
      return Invalid(source_, "cell " + ref_ + " names a missing shared string '" + index_text + "'");
    }
    return shared_[index];
  }

  const std::vector<std::string>& shared_;
  const XlsxLimits& limits_;
  std::string_view source_;
  std::map<int, std::map<int, std::string>> rows_;
  int row_ = 0, column_ = -1;
  size_t cells_ = 0;
  std::string ref_, type_, text_;
  bool in_cell_ = false, in_text_ = false;
  int phonetic_depth_ = 0;
};

}  // namespace

namespace {

// "A", "Z", "AA" … for a 0-based column.
std::string ColumnName(int column) {
  std::string name;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

}  // namespace

Result<XlsxCells> ReadXlsxFirstSheetCells(std::string_view bytes, std::string_view source, const XlsxLimits& limits) {
  return ReadXlsxSheetCells(bytes, source, 1, limits);
}

Result<XlsxCells> ReadXlsxSheetCells(std::string_view bytes, std::string_view source, int sheet_number,
                                     const XlsxLimits& limits) {
  if (sheet_number < 1) return Invalid(source, "there is no worksheet " + std::to_string(sheet_number));
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) return Invalid(source, "not a zip archive");
  zip_t* raw = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (!raw) {
    zip_source_free(src);
    return Invalid(source, "not an .xlsx workbook");
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(raw, zip_discard);
  WCP_ASSIGN_OR_RETURN(std::string shared_xml, ReadEntry(archive.get(), "xl/sharedStrings.xml", false, source));
  const std::string part = "xl/worksheets/sheet" + std::to_string(sheet_number) + ".xml";
  WCP_ASSIGN_OR_RETURN(std::string sheet, ReadEntry(archive.get(), part.c_str(), true, source));
  WCP_ASSIGN_OR_RETURN(std::vector<std::string> shared, ReadSharedStrings(shared_xml, limits, source));
  shared_xml.clear();
  SheetReader reader(shared, limits, source);
  return reader.Read(sheet);
}

Result<CsvTable> ReadXlsxFirstSheet(std::string_view bytes, std::string_view source, const XlsxLimits& limits) {
  WCP_ASSIGN_OR_RETURN(XlsxCells rows, ReadXlsxFirstSheetCells(bytes, source, limits));
  if (rows.empty()) return Invalid(source, "the first worksheet is empty");

  // The header is the first row; its last non-empty cell defines the width.
  const auto& first = rows.begin()->second;
  std::vector<std::string> header(first.rbegin()->first + 1);
  for (const auto& [col, text] : first) header[col] = text;
  std::vector<CsvRow> data;
  for (auto it = std::next(rows.begin()); it != rows.end(); ++it) {
    std::vector<std::string> cells(header.size());
    bool blank = true;
    for (const auto& [col, text] : it->second) {
      if (col >= static_cast<int>(cells.size())) {
        return Invalid(source, "cell " + ColumnName(col) + std::to_string(it->first) +
                                   " lies right of the header's last column " +
                                   ColumnName(static_cast<int>(cells.size()) - 1));
      }
      cells[col] = text;
      blank = false;
    }
    if (blank) continue;
    data.push_back({it->first, std::move(cells)});
  }
  return CsvTable::FromRows(std::move(header), std::move(data), source);
}

}  // namespace wcp
