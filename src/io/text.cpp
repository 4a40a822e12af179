#include "io/text.h"

#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace corridor::io {

std::size_t FirstInvalidUtf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      // ASCII (nearly all of a GasLib file): skip eight bytes at a time while no byte has
      // its top bit set.
      ++i;
      for (std::uint64_t w; i + 8 <= n; i += 8) {
        std::memcpy(&w, s.data() + i, 8);
        if (w & 0x8080808080808080ull) break;
      }
      continue;
    }
    std::size_t len = 0;
    unsigned cp = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string Shown(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      out += fmt::format("\\x{:02X}", u);
    } else {
      out += c;
    }
  }
  return out;
}

std::string ShownShort(std::string_view s) {
  return s.size() <= 40 ? Shown(s)
                        : fmt::format("{}... ({} bytes)", Shown(s.substr(0, 30)), s.size());
}

std::string UnixLineEnds(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r') {
      out += s[i];
    } else if (i + 1 >= s.size() || s[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

bool SplitCsvRecord(std::string_view s, std::vector<std::string>* out, std::string* why) {
  out->clear();
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto skip_blanks = [&] {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
  };
  while (true) {
    skip_blanks();
    std::string f;
    if (i < n && s[i] == '"') {
      bool closed = false;
      for (++i; i < n; ++i) {
        if (s[i] != '"') {
          f += s[i];
        } else if (i + 1 < n && s[i + 1] == '"') {
          f += '"';
          ++i;
        } else {
          closed = true;
          ++i;
          break;
        }
      }
      if (!closed) {
        *why = fmt::format("field {} opens a quote that the line does not close (a field may "
                           "not span lines)",
                           out->size() + 1);
        return false;
      }
      skip_blanks();
      if (i < n && s[i] != ',') {
        *why = fmt::format("text after the closing quote of field {}", out->size() + 1);
        return false;
      }
    } else {
      const std::size_t start = i;
      for (; i < n && s[i] != ','; ++i) {
        if (s[i] == '"') {
          *why = fmt::format("a quote inside unquoted field {} (quote the whole field and "
                             "double the quote)",
                             out->size() + 1);
          return false;
        }
      }
      std::string_view t = s.substr(start, i - start);
      while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\r'))
        t.remove_prefix(1);
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r'))
        t.remove_suffix(1);
      f = std::string(t);
    }
    out->push_back(std::move(f));
    if (i >= n) return true;
    ++i;  // the comma
  }
}

}  // namespace corridor::io
