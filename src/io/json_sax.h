// A SAX front end for nlohmann::json that keeps where the text goes wrong.
//
// json::parse throws out_of_range 406 (not a parse_error, and without a position) for a
// number that overflows a double such as 1e999; the readers must never throw. This front
// end builds the same DOM through nlohmann's DOM builder (json_sax_dom_parser, in
// nlohmann::detail; stable across 3.10 - 3.11, Debian 12 ships 3.11.2), records the byte
// position, token and id of the first error, and can refuse documents nested deeper than a
// limit (SAX events carry no position: use FirstTooDeep for the line).
//
// Usage:
//   json root;
//   io::PositionedDomParser<json> sax(&root);
//   json::sax_parse(text, &sax);
//   if (sax.failed) ... io::LineOfOffset(text, sax.ErrorOffset()) ...
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace corridor::io {

template <class Json>
class PositionedDomParser {
 public:
  /// max_depth 0: no limit.
  explicit PositionedDomParser(Json* root, int max_depth = 0)
      : dom_(*root, /*allow_exceptions=*/false), max_depth_(max_depth) {}
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;
  using binary_t = typename Json::binary_t;

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) { return dom_.number_float(v, s); }
  bool string(string_t& v) { return dom_.string(v); }
  bool binary(binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return Deeper() && dom_.start_object(n); }
  bool key(string_t& v) { return dom_.key(v); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return Deeper() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    failed = true;
    error_position = position;
    error_token = last_token;
    error_id = ex.id;
    error_message = ex.what();
    return false;
  }

  /// Offset of the character the error was found at (for LineOfOffset).
  std::size_t ErrorOffset() const { return error_position > 0 ? error_position - 1 : 0; }
  /// The error is a number beyond a double's range (nlohmann's out_of_range 406).
  bool Overflow() const { return error_id == 406; }

  bool failed = false, too_deep = false;
  std::size_t error_position = 0;
  std::string error_token, error_message;
  int error_id = 0;

 private:
  bool Deeper() {
    too_deep = max_depth_ > 0 && ++depth_ > max_depth_;
    if (max_depth_ <= 0) ++depth_;
    return !too_deep;
  }
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  int max_depth_ = 0;
  int depth_ = 0;
};

/// 1-based line of a byte offset.
inline int LineOfOffset(const std::string& text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

/// A number token for a message: nlohmann hands over the whole token, which may be any
/// length.
inline std::string ShortToken(const std::string& t) {
  return t.size() <= 40 ? t : t.substr(0, 30) + "... (" + std::to_string(t.size()) + " characters)";
}

}  // namespace corridor::io
