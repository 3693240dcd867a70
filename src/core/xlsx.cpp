#include "core/xlsx.hpp"

#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

namespace wcp {
namespace {

Result<std::string> ReadEntry(zip_t* archive, const char* name, bool required, std::string_view source) {
  zip_stat_t st;
  if (zip_stat(archive, name, 0, &st) != 0) {
    if (!required) return std::string();
    return Status::Invalid(std::string(source) + ": not a workbook (no " + name + ")", "file");
  }
  if (st.size > (64u << 20)) return Status::TooLarge(std::string(source) + ": " + name + " is too large", "file");
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen(archive, name, 0), zip_fclose);
  if (!f) return Status::Invalid(std::string(source) + ": cannot read " + name, "file");
  std::string out(st.size, '\0');
  if (zip_fread(f.get(), out.data(), st.size) != static_cast<zip_int64_t>(st.size)) {
    return Status::Invalid(std::string(source) + ": truncated " + name, "file");
  }
  return out;
}

// Decodes the five XML entities and numeric character references.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (!ent.empty() && ent[0] == '#') {
      unsigned long cp = ent.size() > 1 && ent[1] == 'x' ? std::stoul(std::string(ent.substr(2)), nullptr, 16)
                                                          : std::stoul(std::string(ent.substr(1)));
      // UTF-8 encode.
      if (cp < 0x80) out += static_cast<char>(cp);
      else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
      else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    } else {
      out += std::string(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

// The text of every <t>…</t> inside `xml` (skipping phonetic <rPh> runs).
std::string TextOf(std::string_view xml) {
  std::string out;
  size_t pos = 0;
  while ((pos = xml.find("<t", pos)) != std::string_view::npos) {
    const size_t rph = xml.rfind("<rPh", pos);
    const size_t rph_end = rph == std::string_view::npos ? rph : xml.find("</rPh>", rph);
    const char next = pos + 2 < xml.size() ? xml[pos + 2] : '\0';
    if (next != '>' && next != ' ') {  // e.g. <tc…>: not a text element
      pos += 2;
      continue;
    }
    const size_t open_end = xml.find('>', pos);
    if (open_end == std::string_view::npos) break;
    if (xml[open_end - 1] == '/') {  // <t/>
      pos = open_end + 1;
      continue;
    }
    const size_t close = xml.find("</t>", open_end);
    if (close == std::string_view::npos) break;
    const bool phonetic = rph != std::string_view::npos && rph_end != std::string_view::npos && rph_end > pos;
    if (!phonetic) out += Unescape(xml.substr(open_end + 1, close - open_end - 1));
    pos = close + 4;
  }
  return out;
}

std::string Attribute(std::string_view tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const size_t p = tag.find(key);
  if (p == std::string_view::npos) return {};
  const size_t start = p + key.size();
  return std::string(tag.substr(start, tag.find('"', start) - start));
}

// "BC12" -> 54 (0-based column).
int ColumnIndex(std::string_view ref) {
  int col = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
  }
  return col - 1;
}

}  // namespace

bool LooksLikeXlsx(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

Result<CsvTable> ReadXlsxFirstSheet(std::string_view bytes, std::string_view source) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) return Status::Invalid(std::string(source) + ": not a zip archive", "file");
  zip_t* raw = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (!raw) {
    zip_source_free(src);
    return Status::Invalid(std::string(source) + ": not an .xlsx workbook", "file");
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(raw, zip_discard);
  WCP_ASSIGN_OR_RETURN(std::string shared_xml, ReadEntry(archive.get(), "xl/sharedStrings.xml", false, source));
  WCP_ASSIGN_OR_RETURN(std::string sheet, ReadEntry(archive.get(), "xl/worksheets/sheet1.xml", true, source));

  std::vector<std::string> shared;
  for (size_t pos = 0; (pos = shared_xml.find("<si", pos)) != std::string::npos;) {
    const size_t end = shared_xml.find("</si>", pos);
    if (end == std::string::npos) break;
    shared.push_back(TextOf(std::string_view(shared_xml).substr(pos, end - pos)));
    pos = end + 5;
  }

  std::map<int, std::vector<std::string>> rows;  // row number -> cells
  const std::string_view xml = sheet;
  for (size_t pos = 0; (pos = xml.find("<c ", pos)) != std::string_view::npos;) {
    const size_t tag_end = xml.find('>', pos);
    if (tag_end == std::string_view::npos) break;
    const std::string_view tag = xml.substr(pos, tag_end - pos + 1);
    const std::string ref = Attribute(tag, "r"), type = Attribute(tag, "t");
    std::string value;
    size_t next = tag_end + 1;
    if (tag[tag.size() - 2] != '/') {
      const size_t close = xml.find("</c>", tag_end);
      if (close == std::string_view::npos) break;
      const std::string_view body = xml.substr(tag_end + 1, close - tag_end - 1);
      next = close + 4;
      if (type == "inlineStr") {
        value = TextOf(body);
      } else if (const size_t v = body.find("<v>"); v != std::string_view::npos) {
        value = Unescape(body.substr(v + 3, body.find("</v>", v) - v - 3));
        if (type == "s") {
          const size_t i = std::stoul(value);
          if (i >= shared.size()) return Status::Invalid(std::string(source) + ": cell " + ref + " names a missing string", "file");
          value = shared[i];
        } else if (type == "b") {
          value = value == "1" ? "TRUE" : "FALSE";
        }
      }
    }
    size_t digits = 0;
    while (digits < ref.size() && !(ref[digits] >= '0' && ref[digits] <= '9')) ++digits;
    if (ref.empty() || digits == ref.size()) return Status::Invalid(std::string(source) + ": a cell without a reference", "file");
    const int row = std::stoi(ref.substr(digits));
    const int col = ColumnIndex(ref);
    auto& cells = rows[row];
    if (static_cast<int>(cells.size()) <= col) cells.resize(col + 1);
    cells[col] = std::move(value);
    pos = next;
  }
  if (rows.empty()) return Status::Invalid(std::string(source) + ": the first worksheet is empty", "file");
  // Trailing empty cells of the header define nothing.
  std::vector<std::string> header = rows.begin()->second;
  while (!header.empty() && header.back().empty()) header.pop_back();
  std::vector<CsvRow> data;
  for (auto it = std::next(rows.begin()); it != rows.end(); ++it) {
    std::vector<std::string> cells = it->second;
    const bool blank = std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
    if (blank) continue;
    cells.resize(header.size());
    data.push_back({it->first, std::move(cells)});
  }
  return CsvTable::FromRows(std::move(header), std::move(data), source);
}

}  // namespace wcp
