#include "core/xlsx_writer.hpp"

#include <filesystem>

#include "core/files.hpp"
#include "core/ids.hpp"

namespace wcp {

Result<std::string> WorkbookBytes(const char* prefix, const std::function<Status(lxw_workbook*)>& fill) {
  const auto path = std::filesystem::temp_directory_path() / (prefix + NewUuidV7() + ".xlsx");
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } remove{path};
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::Internal("cannot create the workbook");
  if (Status filled = fill(wb); !filled.ok()) {
    workbook_close(wb);
    return filled;
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return Status::Internal("cannot write the workbook");
  return ReadFile(path);
}

void XlsxText(lxw_worksheet* ws, int row, int col, const std::string& s, lxw_format* f) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s.c_str(), f);
}

void XlsxNumber(lxw_worksheet* ws, int row, int col, const std::optional<double>& v, lxw_format* f) {
  if (v) worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), *v, f);
  else worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), "—", nullptr);
}

}  // namespace wcp
