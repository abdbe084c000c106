// The Node ABI this binary was built for, as text lib/native.ts finds in the file without
// loading it. The addon uses V8's C++ API, so a binary fits one NODE_MODULE_VERSION only;
// loaded into another Node it dies at the first V8 symbol that Node lacks ("symbol lookup
// error"), killing the program. With the marker, the loader picks a binary that fits or
// says in one line which Node and ABI it has, and how to rebuild.
#include <node_version.h>

#define CAUSALPROF_STRINGIFY2(x) #x
#define CAUSALPROF_STRINGIFY(x) CAUSALPROF_STRINGIFY2(x)

extern "C" __attribute__((used, visibility("default"))) const char causalprof_node_abi[] =
    "causalprof-node-abi:" CAUSALPROF_STRINGIFY(NODE_MODULE_VERSION) ";";
