#include "modules/indicators/formula.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace wcp::indicators {
namespace {

// One recursive-descent pass serves both validation (values == nullptr,
// collecting codes) and evaluation.
class Parser {
 public:
  Parser(std::string_view text, const std::map<std::string, double>* values, std::set<std::string>* codes)
      : s_(text), values_(values), codes_(codes) {}

  Result<std::optional<double>> Run() {
    WCP_ASSIGN_OR_RETURN(auto v, Expr());
    Skip();
    if (pos_ != s_.size()) return Error("unexpected '" + std::string(1, s_[pos_]) + "'");
    return v;
  }

 private:
  using Value = std::optional<double>;

  Status Error(const std::string& what) const {
    return Status::Invalid("formula: " + what + " at position " + std::to_string(pos_ + 1), "formula");
  }
  void Skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  static Value Apply(char op, Value a, Value b) {
    if (!a || !b) return std::nullopt;
    switch (op) {
      case '+': return *a + *b;
      case '-': return *a - *b;
      case '*': return *a * *b;
      default: return *b == 0 ? std::nullopt : Value(*a / *b);
    }
  }
  Result<Value> Expr() {
    WCP_ASSIGN_OR_RETURN(Value v, Term());
    for (Skip(); pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-'); Skip()) {
      const char op = s_[pos_++];
      WCP_ASSIGN_OR_RETURN(Value r, Term());
      v = Apply(op, v, r);
    }
    return v;
  }
  Result<Value> Term() {
    WCP_ASSIGN_OR_RETURN(Value v, Factor());
    for (Skip(); pos_ < s_.size() && (s_[pos_] == '*' || s_[pos_] == '/'); Skip()) {
      const char op = s_[pos_++];
      WCP_ASSIGN_OR_RETURN(Value r, Factor());
      v = Apply(op, v, r);
    }
    return v;
  }
  Result<Value> Factor() {
    Skip();
    if (pos_ >= s_.size()) return Error("unexpected end");
    const char c = s_[pos_];
    if (c == '(') {
      if (++depth_ > kMaxDepth) return Error("parentheses nested deeper than " + std::to_string(kMaxDepth));
      ++pos_;
      WCP_ASSIGN_OR_RETURN(Value v, Expr());
      Skip();
      if (pos_ >= s_.size() || s_[pos_] != ')') return Error("missing ')'");
      ++pos_;
      --depth_;
      return v;
    }
    if (c == '-') {
      ++pos_;
      WCP_ASSIGN_OR_RETURN(Value v, Factor());
      return v ? Value(-*v) : std::nullopt;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const size_t start = pos_;
      while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) ++pos_;
      const std::string_view digits = s_.substr(start, pos_ - start);
      double number = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        pos_ = start;
        return Error("'" + std::string(digits) + "' is not a number");
      }
      return Value(number);
    }
    if (c >= 'a' && c <= 'z') {
      const size_t start = pos_;
      while (pos_ < s_.size() && (std::islower(static_cast<unsigned char>(s_[pos_])) ||
                                  std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) {
        ++pos_;
      }
      const std::string code(s_.substr(start, pos_ - start));
      if (codes_) codes_->insert(code);
      if (!values_) return Value(1.0);
      auto it = values_->find(code);
      return it == values_->end() ? std::nullopt : Value(it->second);
    }
    return Error("unexpected '" + std::string(1, c) + "'");
  }

  static constexpr int kMaxDepth = 32;
  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
  const std::map<std::string, double>* values_;
  std::set<std::string>* codes_;
};

}  // namespace

Result<Formula> Formula::Parse(std::string_view text) {
  if (text.size() > 500) return Status::Invalid("formula: too long", "formula");
  Formula f;
  f.text_ = std::string(text);
  Parser p(text, nullptr, &f.codes_);
  WCP_RETURN_IF_ERROR(p.Run().status());
  if (f.codes_.empty()) return Status::Invalid("formula: it must refer to at least one indicator", "formula");
  return f;
}

std::optional<double> Formula::Evaluate(const std::map<std::string, double>& values) const {
  Parser p(text_, &values, nullptr);
  auto r = p.Run();
  return r.ok() ? *r : std::nullopt;
}

}  // namespace wcp::indicators
