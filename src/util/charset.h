// Text encodings terminals use for names and messages (004 §1.2): GB2312 for
// Chinese-language devices, UTF-8 otherwise. Everything is stored as UTF-8.
//
// iconv is used because it is part of glibc; GB18030 is used for decoding
// (a superset of GB2312, so every GB2312 byte sequence decodes the same).
#pragma once

#include <string>
#include <string_view>

namespace zkpush {

enum class Charset { kUtf8, kGb2312 };

// "GB2312", "GBK", "GB18030" (any case) -> kGb2312; anything else -> kUtf8.
Charset charset_from_name(std::string_view name);

// Device bytes -> UTF-8. For kUtf8, valid UTF-8 passes through unchanged and
// invalid sequences are read as Latin-1 so no byte is lost.
std::string to_utf8(std::string_view bytes, Charset from);

// The same without a copy when `bytes` is plain ASCII (most bodies): the
// result views `bytes`, or `scratch` holding the conversion.
std::string_view to_utf8_view(std::string_view bytes, Charset from, std::string& scratch);

// UTF-8 -> device bytes. Characters the device's charset lacks become '?'.
std::string from_utf8(std::string_view utf8, Charset to);

bool is_valid_utf8(std::string_view bytes);

}  // namespace zkpush
