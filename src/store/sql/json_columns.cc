#include "store/sql/json_columns.h"

#include <cstdint>
#include <optional>

#include "util/hex.h"

namespace zkpush::store::sql {

namespace {

void encode_string(std::string_view s, std::string& out) {
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          append_hex_byte(out, u);
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A cursor over JSON text that reads arrays of strings.
class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  void skip_blanks() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool consume(char c) {
    skip_blanks();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool at_end() {
    skip_blanks();
    return i_ == s_.size();
  }

  // Calls `element()` for each element of an array; each call must consume one
  // element. Empty arrays are allowed.
  template <typename Fn>
  bool array(Fn&& element) {
    if (!consume('[')) return false;
    if (consume(']')) return true;
    do {
      if (!element()) return false;
    } while (consume(','));
    return consume(']');
  }

  bool string(std::string& out) {
    out.clear();
    if (!consume('"')) return false;
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::optional<uint32_t> cp = hex4();
          if (!cp) return false;
          if (*cp >= 0xD800 && *cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            i_ += 2;
            std::optional<uint32_t> low = hex4();
            if (!low || *low < 0xDC00 || *low >= 0xE000) return false;
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
          }
          append_utf8(*cp, out);
          break;
        }
        default:
          return false;
      }
    }
    return false;  // unterminated
  }

 private:
  std::optional<uint32_t> hex4() {
    if (s_.size() - i_ < 4) return std::nullopt;
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return std::nullopt;
    }
    return v;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

void encode_string_list(const std::vector<std::string>& items, std::string& out) {
  out += '[';
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += ',';
    encode_string(items[k], out);
  }
  out += ']';
}

void encode_fields(const protocol::Fields& fields, std::string& out) {
  out += '[';
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) out += ',';
    out += '[';
    encode_string(fields[k].first, out);
    out += ',';
    encode_string(fields[k].second, out);
    out += ']';
  }
  out += ']';
}

bool decode_string_list(std::string_view json, std::vector<std::string>& out) {
  out.clear();
  Reader r(json);
  std::string item;
  bool ok = r.array([&] {
    if (!r.string(item)) return false;
    out.push_back(item);
    return true;
  });
  return ok && r.at_end();
}

bool decode_fields(std::string_view json, protocol::Fields& out) {
  out.clear();
  Reader r(json);
  std::string key, value;
  bool ok = r.array([&] {
    if (!r.consume('[') || !r.string(key) || !r.consume(',') || !r.string(value) || !r.consume(']')) {
      return false;
    }
    out.emplace_back(key, value);
    return true;
  });
  return ok && r.at_end();
}

void merge_fields(protocol::Fields& base, const protocol::Fields& update) {
  for (const auto& [key, value] : update) {
    bool found = false;
    for (auto& [k, v] : base) {
      if (k == key) {
        v = value;
        found = true;
      }
    }
    if (!found) base.emplace_back(key, value);
  }
}

}  // namespace zkpush::store::sql
