#include "hydro/json_lines.h"

namespace corridor::hydro_internal {

std::string PointerAppend(const std::string& ptr, const std::string& token) {
  std::string out = ptr + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

JsonLines::JsonLines(const std::string& text) : t_(text) {
  Skip();
  if (i_ < t_.size()) Value("");
}

int JsonLines::Line(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = lines_.find(p);
    if (it != lines_.end()) return it->second;
    if (p.empty()) return 0;
    auto slash = p.rfind('/');
    if (slash == std::string::npos) return 0;
    p.resize(slash);
  }
}

void JsonLines::Skip() {
  while (i_ < t_.size()) {
    char c = t_[i_];
    if (c == '\n') {
      ++line_;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return;
    }
    ++i_;
  }
}

std::string JsonLines::String() {
  // At the opening quote. Escapes are kept undecoded except \" and \\ (keys with other
  // escapes are rare in case files; the pointer then simply falls back to the parent).
  std::string s;
  ++i_;
  while (i_ < t_.size() && t_[i_] != '"') {
    if (t_[i_] == '\\' && i_ + 1 < t_.size()) {
      ++i_;
    }
    if (t_[i_] == '\n') ++line_;
    s += t_[i_];
    ++i_;
  }
  ++i_;  // closing quote
  return s;
}

void JsonLines::Value(const std::string& ptr) {
  Skip();
  if (i_ >= t_.size()) return;
  lines_[ptr] = line_;  // of a key given twice, the last value (the one a DOM keeps)
  char c = t_[i_];
  if (c == '{') {
    ++i_;
    Skip();
    while (i_ < t_.size() && t_[i_] != '}') {
      if (t_[i_] != '"') return;  // not valid JSON; nlohmann reports it
      int key_line = line_;
      std::string key = String();
      std::string child = PointerAppend(ptr, key);
      Skip();
      if (i_ < t_.size() && t_[i_] == ':') ++i_;
      Value(child);
      lines_[child] = key_line;  // a member is where its key is
      Skip();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        Skip();
      }
    }
    ++i_;
  } else if (c == '[') {
    ++i_;
    Skip();
    int k = 0;
    while (i_ < t_.size() && t_[i_] != ']') {
      Value(ptr + "/" + std::to_string(k++));
      Skip();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        Skip();
      }
    }
    ++i_;
  } else if (c == '"') {
    String();
  } else {
    while (i_ < t_.size() && t_[i_] != ',' && t_[i_] != '}' && t_[i_] != ']' && t_[i_] != ' ' &&
           t_[i_] != '\n' && t_[i_] != '\t' && t_[i_] != '\r')
      ++i_;
  }
}

}  // namespace corridor::hydro_internal
