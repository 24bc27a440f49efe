// The HTTP token (RFC 9110 §5.6.2): what a method, a header name or an
// element of a Connection list may consist of.
#pragma once

#include <string_view>

namespace zkpush::http {

// RFC 9110 §5.6.2 tchar: what a method or a header name may consist of.
inline constexpr bool kTchar[256] = {
    // 0x00-0x1f: CTLs
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
    // SP ! " # $ % & ' ( ) * + , - . /
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,  //
    // 0-9 : ; < = > ?
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,  //
    // @ A-O
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  //
    // P-Z [ \ ] ^ _
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,  //
    // ` a-o
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  //
    // p-z { | } ~ DEL
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,  //
};                                                   // 0x80-0xff: 0

inline bool is_tchar(char c) { return kTchar[static_cast<unsigned char>(c)]; }

inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

}  // namespace zkpush::http
