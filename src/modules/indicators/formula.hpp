// modules/indicators/formula.hpp — derived indicators: arithmetic over other
// indicators, e.g. "goods_exports / goods_trade * 100" (a share) or
// "retail_above_size + catering_above_size". Pure; no I/O.
//
// Grammar: expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ;
//          factor := number | code | '(' expr ')' | '-' factor
// Codes are [a-z0-9_]+ starting with a letter.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wcp::indicators {

class Formula {
 public:
  // kInvalid (field "formula") naming the position of the first error.
  static Result<Formula> Parse(std::string_view text);
  const std::string& text() const { return text_; }
  // The indicator codes the formula reads.
  const std::set<std::string>& codes() const { return codes_; }
  // The value for one period; nullopt when a code has no value or a division by zero.
  std::optional<double> Evaluate(const std::map<std::string, double>& values) const;

 private:
  std::string text_;
  std::set<std::string> codes_;
};

}  // namespace wcp::indicators
