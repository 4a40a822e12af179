#include "io/json_locate.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "io/text.h"

namespace corridor::io {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::size_t JsonLocator::SkipSpace(std::size_t i) const {
  while (i < text_.size() && IsSpace(text_[i])) ++i;
  return i;
}

std::size_t JsonLocator::SkipString(std::size_t i) const {
  for (++i; i < text_.size(); ++i) {
    if (text_[i] == '\\') {
      ++i;  // the escaped character, whatever it is
    } else if (text_[i] == '"') {
      return i + 1;
    }
  }
  return text_.size();
}

std::size_t JsonLocator::SkipValue(std::size_t i) const {
  if (i >= text_.size()) return i;
  const char c = text_[i];
  if (c == '"') return SkipString(i);
  if (c != '{' && c != '[') {  // number, true, false, null
    while (i < text_.size() && !IsSpace(text_[i]) && text_[i] != ',' && text_[i] != '}' &&
           text_[i] != ']')
      ++i;
    return i;
  }
  int depth = 0;
  while (i < text_.size()) {
    const char d = text_[i];
    if (d == '"') {
      i = SkipString(i);
      continue;
    }
    if (d == '{' || d == '[') ++depth;
    if ((d == '}' || d == ']') && --depth == 0) return i + 1;
    ++i;
  }
  return i;
}

const std::vector<std::size_t>* JsonLocator::Elements(std::size_t at) const {
  if (at >= text_.size() || text_[at] != '[') return nullptr;
  auto [it, fresh] = elements_.try_emplace(at);
  if (!fresh) return &it->second;
  std::vector<std::size_t>& out = it->second;
  std::size_t i = SkipSpace(at + 1);
  while (i < text_.size() && text_[i] != ']') {
    out.push_back(i);
    i = SkipSpace(SkipValue(i));
    if (i < text_.size() && text_[i] == ',') i = SkipSpace(i + 1);
  }
  return &out;
}

std::size_t JsonLocator::Step(std::size_t at, std::string_view token) const {
  if (at >= text_.size()) return kNone;
  if (text_[at] == '[') {
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc() || end != token.data() + token.size()) return kNone;
    const std::vector<std::size_t>* e = Elements(at);
    return e != nullptr && index < e->size() ? (*e)[index] : kNone;
  }
  if (text_[at] != '{') return kNone;
  // The last of repeated keys, the one whose value a DOM keeps.
  const std::string key = PointerKey(token);
  const auto& members = *Members(at);
  if (members.size() > 16) {
    auto [it, fresh] = index_.try_emplace(at);
    if (fresh)
      for (const auto& [k, value] : members) it->second[k] = value;
    const auto f = it->second.find(std::string_view(key));
    return f == it->second.end() ? kNone : f->second;
  }
  std::size_t found = kNone;
  for (const auto& [k, value] : members)
    if (k == key) found = value;
  return found;
}

std::string_view JsonLocator::KeyAt(std::size_t i, std::size_t end) const {
  std::string_view k =
      end - i >= 2 ? std::string_view(text_).substr(i + 1, end - i - 2) : std::string_view();
  if (k.find('\\') != std::string_view::npos) {  // as a DOM holds it: decoded
    const auto j = nlohmann::json::parse(text_.substr(i, end - i), nullptr, false);
    if (j.is_string()) k = decoded_.emplace_back(j.get<std::string>());
  }
  return k;
}

const std::vector<std::pair<std::string_view, std::size_t>>* JsonLocator::Members(
    std::size_t at) const {
  auto [it, fresh] = members_.try_emplace(at);
  if (!fresh) return &it->second;
  std::vector<std::pair<std::string_view, std::size_t>>& out = it->second;
  std::size_t i = SkipSpace(at + 1);
  while (i < text_.size() && text_[i] == '"') {
    const std::size_t key_end = SkipString(i);
    const std::string_view k = KeyAt(i, key_end);
    i = SkipSpace(key_end);
    if (i < text_.size() && text_[i] == ':') i = SkipSpace(i + 1);
    out.emplace_back(k, i);
    i = SkipSpace(SkipValue(i));
    if (i < text_.size() && text_[i] == ',') i = SkipSpace(i + 1);
  }
  return &out;
}

std::size_t JsonLocator::Find(std::string_view pointer, bool* complete) const {
  // A byte-order mark is no value: past it (every finding of a file with one was on line 1).
  const std::size_t start = text_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  std::size_t at = SkipSpace(start);
  *complete = false;
  if (at >= text_.size()) return kNone;
  // Tokens follow each '/' ("/groups/" ends with the key "", "/" is the root's key "").
  while (!pointer.empty() && pointer.front() == '/') {
    pointer.remove_prefix(1);
    const std::size_t slash = pointer.find('/');
    const std::size_t next = Step(at, pointer.substr(0, slash));
    if (next == kNone) return at;
    at = next;
    pointer.remove_prefix(slash == std::string_view::npos ? pointer.size() : slash);
  }
  *complete = true;
  return at;
}

int JsonLocator::LineAt(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  // Count from the nearest offset already resolved below this one: diagnostics come mostly
  // in document order, so a file with many problems is still counted through about once.
  auto it = lines_.upper_bound(offset);
  std::size_t from = 0;
  int line = 1;
  if (it != lines_.begin()) {
    --it;
    from = it->first;
    line = it->second;
  }
  line += LineEnds(text_, from, offset);
  lines_.emplace(offset, line);
  return line;
}

int JsonLocator::Line(std::string_view pointer) const {
  bool complete = false;
  const std::size_t at = Find(pointer, &complete);
  return at == kNone ? 0 : LineAt(at);
}

std::size_t JsonLocator::Offset(std::string_view pointer) const {
  bool complete = false;
  const std::size_t at = Find(pointer, &complete);
  return complete ? at : std::string::npos;
}

std::vector<int> JsonLocator::ElementLines(std::string_view pointer) const {
  bool complete = false;
  const std::size_t at = Find(pointer, &complete);
  const std::vector<std::size_t>* e = complete ? Elements(at) : nullptr;
  std::vector<int> lines;
  if (e == nullptr || e->empty()) return lines;
  lines.reserve(e->size());
  // The first element's line through LineAt (counted from the nearest offset resolved
  // before, not from the document's start: a reader asks this of many small arrays).
  std::size_t from = e->front();
  int line = LineAt(from);
  for (std::size_t off : *e) {  // ascending: count the line ends between neighbours once
    // As LineAt counts them: counting only '\n' put every element of a file with lone-CR
    // line ends on the first one's line.
    line += LineEnds(text_, from, off);
    from = off;
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::pair<std::string, int>> JsonLocator::MemberLines(
    std::string_view pointer) const {
  bool complete = false;
  const std::size_t at = Find(pointer, &complete);
  std::vector<std::pair<std::string, int>> out;
  if (!complete || at >= text_.size() || text_[at] != '{') return out;
  for (const auto& [key, value] : *Members(at)) out.emplace_back(std::string(key), LineAt(value));
  return out;
}

std::size_t JsonLocator::WalkMembers(std::size_t at, std::string_view outer, int depth,
                                     std::size_t* from, int* line,
                                     std::vector<NestedMember>* out) const {
  std::size_t i = SkipSpace(at + 1);
  while (i < text_.size() && text_[i] == '"') {
    const std::size_t key_end = SkipString(i);
    const std::string_view k = KeyAt(i, key_end);
    i = SkipSpace(key_end);
    if (i < text_.size() && text_[i] == ':') i = SkipSpace(i + 1);
    // Line ends counted once, between neighbours in the order written (as ElementLines).
    *line += LineEnds(text_, *from, i);
    *from = i;
    out->push_back({outer, k, *line});
    if (depth > 0 && i < text_.size() && text_[i] == '{')
      i = WalkMembers(i, k, depth - 1, from, line, out);
    else
      i = SkipValue(i);
    i = SkipSpace(i);
    if (i < text_.size() && text_[i] == ',') i = SkipSpace(i + 1);
  }
  return i < text_.size() && text_[i] == '}' ? i + 1 : i;
}

void JsonLocator::NestedMemberLines(std::string_view pointer,
                                    std::vector<NestedMember>* out) const {
  out->clear();
  bool complete = false;
  const std::size_t at = Find(pointer, &complete);
  if (!complete || at >= text_.size() || text_[at] != '{') return;
  std::size_t from = at;
  int line = LineAt(at);
  WalkMembers(at, std::string_view(), 1, &from, &line, out);
}

}  // namespace corridor::io
