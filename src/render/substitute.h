#pragma once
// Flux's post-build variable substitution: ${VAR}, ${VAR:=default}, ${VAR:-default}.
#include <map>
#include <string>

#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// Substitutes variables in the YAML text of each object (as Flux does), then re-reads it.
// Objects annotated gitsync.dev/substitute: disabled are left alone. A variable that is not
// set and has no default is an error naming it and the object. `$${VAR}` escapes to `${VAR}`.
Result<ObjectSet> substituteVariables(ObjectSet set, const std::map<std::string, std::string>& vars);

// The substitution on one string; `subject` prefixes errors.
Result<std::string> substituteText(std::string_view text,
                                   const std::map<std::string, std::string>& vars,
                                   const std::string& subject);

}  // namespace gitsync::render
