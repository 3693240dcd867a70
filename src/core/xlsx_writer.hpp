// core/xlsx_writer.hpp — writing workbooks with libxlsxwriter: a workbook
// filled by a callback and returned as bytes, and the cell writers every
// report uses. (Reading workbooks: xlsx.hpp.)
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <optional>
#include <string>

#include "core/status.hpp"

namespace wcp {

// A workbook filled by `fill` and closed, as bytes. libxlsxwriter writes to
// a file: a unique temporary (named from `prefix`), removed whatever happens.
Result<std::string> WorkbookBytes(const char* prefix, const std::function<Status(lxw_workbook*)>& fill);

// Cell text (the workbook keeps its own copy).
void XlsxText(lxw_worksheet* ws, int row, int col, const std::string& s, lxw_format* f = nullptr);
// A number, or "—" where there is none.
void XlsxNumber(lxw_worksheet* ws, int row, int col, const std::optional<double>& v, lxw_format* f);

}  // namespace wcp
