// Where things are in a JSON text: the line of a JSON pointer (RFC 6901) and the lines of an
// array's elements, for diagnostics. nlohmann's DOM keeps no positions and its SAX events
// carry none, so the readers would otherwise report semantic problems without a line.
//
// No DOM: a structural walk over text that has already parsed (strings skipped with their
// escapes, compound values skipped by counting brackets, so nesting depth costs no stack).
// The members of an object and the elements of an array are located once, when a query
// first passes through them, and remembered: a reader that asks for the line of every
// element walks the text about once.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace corridor::io {

/// A key as one reference token of a JSON pointer (RFC 6901): '~' as "~0", '/' as "~1".
inline std::string PointerToken(std::string_view key) {
  std::string t;
  t.reserve(key.size());
  for (char ch : key) {
    if (ch == '~')
      t += "~0";
    else if (ch == '/')
      t += "~1";
    else
      t += ch;
  }
  return t;
}

/// The key a reference token stands for (PointerToken undone): "c~0d~1e" -> "c~d/e".
inline std::string PointerKey(std::string_view token) {
  std::string k;
  k.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1'))
      k += token[++i] == '0' ? '~' : '/';
    else
      k += token[i];
  }
  return k;
}

/// `ptr` with the key (or index) `token` appended: "/a/b" + "c~d/e" -> "/a/b/c~0d~1e".
inline std::string PointerAppend(std::string_view ptr, std::string_view token) {
  std::string p(ptr);
  p += '/';
  p += PointerToken(token);
  return p;
}

class JsonLocator {
 public:
  explicit JsonLocator(const std::string& text) : text_(text) {}
  /// It keeps a reference to the text: a temporary would dangle.
  explicit JsonLocator(std::string&&) = delete;

  /// 1-based line where the value at `pointer` starts ("" is the whole document, "/" the
  /// root's member with the key "", RFC 6901; of
  /// a key repeated in one object, the last, whose value a DOM keeps).
  /// Where the pointer leads nowhere (a missing key, an index past the end), the line of its
  /// deepest part that exists; 0 when not even the document's start is found.
  int Line(std::string_view pointer) const;
  /// Byte offset where the value at `pointer` starts; npos where the pointer leads nowhere.
  std::size_t Offset(std::string_view pointer) const;

  /// Lines of the elements of the array at `pointer`, in order; empty when the pointer does
  /// not lead to an array.
  std::vector<int> ElementLines(std::string_view pointer) const;

  /// The members of the object at `pointer` as written, a key given twice twice (a DOM
  /// keeps one), each key decoded with the line of its value; empty when the pointer does
  /// not lead to an object.
  std::vector<std::pair<std::string, int>> MemberLines(std::string_view pointer) const;

  /// A member of an object, or of an object that is a member of it (`outer` its key; empty
  /// for the object's own), with the line of its value: keys as a DOM holds them, viewing
  /// the text (or a decoded copy where the key holds an escape) as long as the locator.
  struct NestedMember {
    std::string_view outer, key;
    int line = 0;
  };
  /// The members of the object at `pointer`, and those of each member that is an object,
  /// in the order written (a key given twice twice), into *out (cleared; empty when the
  /// pointer does not lead to an object). One pass over the object's text that remembers
  /// nothing, so that a reader can ask it of every element without slowing down: the line
  /// of each value of an element, for the findings on it.
  void NestedMemberLines(std::string_view pointer, std::vector<NestedMember>* out) const;

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  // Offset of the value at `pointer`, or of its deepest existing part (*complete false).
  std::size_t Find(std::string_view pointer, bool* complete) const;
  // From the value at offset `at`: the value of member `token` (object) or element `token`
  // (array); kNone where there is none.
  std::size_t Step(std::size_t at, std::string_view token) const;
  const std::vector<std::size_t>* Elements(std::size_t array_at) const;
  const std::vector<std::pair<std::string_view, std::size_t>>* Members(std::size_t object_at) const;
  std::size_t SkipSpace(std::size_t i) const;
  std::size_t SkipString(std::size_t i) const;  // i at the opening quote; returns past the close
  std::size_t SkipValue(std::size_t i) const;   // i at the value; returns past it
  // The key whose string spans [i, end) (i at its opening quote), decoded where it holds an
  // escape (a copy in decoded_).
  std::string_view KeyAt(std::size_t i, std::size_t end) const;
  // NestedMemberLines from the object at `at` (`depth` levels of objects below it), the
  // line of offset *from being *line; returns past the object.
  std::size_t WalkMembers(std::size_t at, std::string_view outer, int depth, std::size_t* from,
                          int* line, std::vector<NestedMember>* out) const;
  int LineAt(std::size_t offset) const;

  const std::string& text_;
  // Array offset -> offsets of its elements (filled by Elements()).
  mutable std::map<std::size_t, std::vector<std::size_t>> elements_;
  // Object offset -> its keys and the offsets of their values (Members()): a key as
  // written, or its decoded copy in decoded_ where it holds an escape ("x\ny").
  mutable std::map<std::size_t, std::vector<std::pair<std::string_view, std::size_t>>> members_;
  mutable std::deque<std::string> decoded_;
  // Object offset -> its keys' value offsets (the last of a repeated key), for objects of
  // more than 16 members (Step): searching the members at each step made a reader that
  // asks a line of each of 80 000 keys quadratic (minutes).
  mutable std::map<std::size_t, std::unordered_map<std::string_view, std::size_t>> index_;
  mutable std::map<std::size_t, int> lines_;  // offset -> line, for LineAt
};

}  // namespace corridor::io
