{
  "targets": [
    {
      "target_name": "causalprof",
      "sources": [
        "native/abi_marker.cc",
        "native/binding.cc",
        "native/code_map.cc",
        "native/copied_stack_walker.cc",
        "native/delays.cc",
        "native/delays_js.cc",
        "native/drain.cc",
        "native/elf_symbols.cc",
        "native/event_loop_hooks.cc",
        "native/experiment.cc",
        "native/experiment_js.cc",
        "native/frame_resolver.cc",
        "native/function_table.cc",
        "native/gc_windows.cc",
        "native/native_symbols.cc",
        "native/perf_ring.cc",
        "native/progress_counters.cc",
        "native/progress_js.cc",
        "native/sample_store.cc",
        "native/sample_timer.cc",
        "native/sampler.cc",
        "native/sampler_js.cc",
        "native/signal_handler.cc",
        "native/proc_maps.cc",
        "native/thread_js.cc",
        "native/thread_registry.cc",
        "native/v8_code_names.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags_cc": ["-O2", "-fno-omit-frame-pointer", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [["OS!='linux'", { "type": "none" }]]
    }
  ]
}
