// V8's names for code, as its JIT code events give them, read: which function (and line) a
// JS code object is, and what kind of builtin the rest are. The format is V8's own and not
// promised: native/test/v8_code_names_test.cc pins what each supported line writes.
#pragma once

#include <cstdint>
#include <string>

namespace causalprof {

bool StartsWith(const std::string& s, const char* prefix);

// The bare function name of a JS code object's name, "(anonymous)", or "(top level)" for a
// script's own code; *start_line the line in the name, 0 if it has none.
std::string FunctionNameOf(const std::string& full, int32_t* start_line);

}  // namespace causalprof
