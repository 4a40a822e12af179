// Internal: maps each value of a JSON text to the line it starts on, keyed by its JSON
// pointer, so that messages about a case file can name "file:line" as well as the pointer.
// nlohmann::json does not keep positions; this is a small scanner over text that
// nlohmann has already accepted (it does not validate).
#pragma once

#include <string>
#include <unordered_map>

namespace corridor::hydro_internal {

class JsonLines {
 public:
  explicit JsonLines(const std::string& text);
  /// Line (1-based) of the value at `pointer`, or of its nearest ancestor found; 0 if none.
  /// Of a key given twice in one object, the last (whose value a DOM keeps).
  int Line(const std::string& pointer) const;

 private:
  void Value(const std::string& ptr);
  void Skip();
  std::string String();
  const std::string& t_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::unordered_map<std::string, int> lines_;
};

/// "/a/b" + "c~d/e" -> "/a/b/c~0d~1e" (RFC 6901 escaping).
std::string PointerAppend(const std::string& ptr, const std::string& token);

}  // namespace corridor::hydro_internal
