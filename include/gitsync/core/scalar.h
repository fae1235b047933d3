#pragma once
// Scalar typing the way kustomize sees it. kustomize decodes manifests with yaml.v3 (YAML 1.2
// core schema: only true/false are bools, 0777 is octal, timestamps stay strings), encodes
// them to JSON, and prints that with goyaml.v2 (YAML 1.1 words such as "on", "y" and "no"
// are quoted there). These functions reproduce each step so output is byte-identical.
#include <cstdint>
#include <string>
#include <string_view>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"

namespace gitsync::core {

enum class ScalarType { Null, Bool, Int, Uint, Float, String };

struct ResolvedScalar {
  ScalarType type = ScalarType::String;
  bool boolean = false;
  int64_t integer = 0;
  uint64_t unsignedInteger = 0;
  double floating = 0;
  // For a plain timestamp (a String): its RFC 3339 form, as encoding/json prints a time.
  std::string timestamp;
};

// Resolves a scalar node as yaml.v3 decodes it into an interface{}.
ResolvedScalar resolveScalar(const Node& node);

// The text of a scalar in JSON (Go's encoding/json) after yaml.v3 decoding; strings quoted and
// escaped as Go escapes them (including \u003c, \u003e, \u0026). Fails for .inf and .nan,
// which JSON cannot hold.
Result<std::string> scalarToGoJson(const Node& node);

// Go's encoding/json string literal for `s`.
std::string goJsonString(std::string_view s);

// How goyaml.v2 writes a scalar that went through JSON: the text and the style it asks for.
struct EmittedScalar {
  enum class Request { Plain, DoubleQuoted, Literal };
  std::string text;
  Request request = Request::Plain;
};
Result<EmittedScalar> emittedScalar(const Node& node);

// True when goyaml.v2 would read `s`, written plain, as a string (not a bool, number, null or
// timestamp) and it is no base-60 float; such strings may be written without quotes.
bool v2PlainIsString(std::string_view s);

// Go's strconv.FormatFloat(f, fmt, -1, 64) for fmt in 'e', 'f', 'g'.
std::string goFormatFloat(double f, char fmt);

}  // namespace gitsync::core
