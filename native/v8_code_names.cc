#include "v8_code_names.h"

#include <cstdlib>
#include <cstring>

namespace causalprof {

bool StartsWith(const std::string& s, const char* prefix) {
  return s.compare(0, strlen(prefix), prefix) == 0;
}

// V8 names JS code "<tag>:<tier marker><name> <script>:<line>:<column>", e.g.
// "JS:*fib /app/x.js:3:13", "LazyCompile:~fib file:///x.mjs:3:13" (with a "'" after the
// marker on V8 13); an anonymous function has an empty name ("JS:~ /app/x.js:3:21").
// Returns the bare name, "(anonymous)", or "(top level)" for a script's own code (the
// module wrapper at 1:1, or a "Script:" entry), and the start line if the name has one.
std::string FunctionNameOf(const std::string& full, int32_t* start_line) {
  size_t begin = 0;
  const size_t colon = full.find(':');
  const size_t space = full.find(' ');
  bool script_tag = false;
  if (colon != std::string::npos && (space == std::string::npos || colon < space) && full.find('/') > colon) {
    script_tag = full.compare(0, colon, "Script") == 0;
    begin = colon + 1;
  }
  while (begin < full.size() && strchr("*~^+'", full[begin]) != nullptr) ++begin;
  const size_t end = full.find(' ', begin);
  std::string name = full.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  *start_line = 0;
  int32_t column = 0;
  if (end != std::string::npos) {
    // ".../file.js:LINE:COL" at the end
    const size_t last = full.rfind(':');
    const size_t prev =
        last == std::string::npos || last == 0 ? std::string::npos : full.rfind(':', last - 1);
    if (prev != std::string::npos && prev > end) {
      *start_line = atoi(full.c_str() + prev + 1);
      column = atoi(full.c_str() + last + 1);
    }
  }
  if (script_tag || (name.empty() && *start_line == 1 && column == 1)) return "(top level)";
  if (name.empty()) return "(anonymous)";
  return name;
}

}  // namespace causalprof
