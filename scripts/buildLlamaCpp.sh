#!/usr/bin/env bash
# Builds llama.cpp's CPU tools (llama-server, llama-bench, llama-fit-params) from the exact source that
# node-llama-cpp ships (node_modules/node-llama-cpp/llama/gitRelease.bundle), once, into a cache folder
# outside the repository, keyed by the source commit and this CPU (the build is -march=native).
# Prints the folder of the binaries on stdout (for HEADROOM_LLAMA_CPP_BIN); progress goes to stderr.
# Cache root: HEADROOM_CACHE_DIR, else $XDG_CACHE_HOME/headroom, else ~/.cache/headroom.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=node_modules/node-llama-cpp/llama/gitRelease.bundle
[ -f "$bundle" ] || { echo "No $bundle: run npm install first." >&2; exit 1; }
commit=$(git bundle list-heads "$bundle" | awk 'NR==1{print substr($1,1,12)}')
cpu=$( (uname -m; grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || sysctl -n machdep.cpu.features 2>/dev/null || true) | sha256sum | cut -c1-8)
root="${HEADROOM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/headroom}"
dir="$root/llama.cpp-$commit-$cpu-noamx"
bin="$dir/build/bin"
tools=(llama-server llama-bench llama-fit-params)
have_all() { for t in "${tools[@]}"; do [ -x "$bin/$t" ] || return 1; done; }
if have_all; then echo "$bin"; exit 0; fi

mkdir -p "$root"
exec 9>"$root/.llama.cpp-$commit-$cpu.lock"
flock 9 # another run building the same key waits for it instead of building twice
if have_all; then echo "$bin"; exit 0; fi
started=$(date +%s)
# Without AMX: on a CPU that has it, -march=native turns on ggml's AMX buffer type, with which this release
# aborts in ggml_backend_sched_split_graph (an MLA model at context creation) and llama-bench crashes on
# q4_0/q8_0 weights. Explicit -mno-amx-* flags win over -march=native whatever their order.
flags=""
if [ "$(uname -m)" = x86_64 ]; then flags="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"; fi
echo "Building llama.cpp $commit (CPU, native) into $dir: about 15–25 minutes on 2 cores, once." >&2
rm -rf "$dir.tmp"
git clone -q "$bundle" "$dir.tmp" 2>/dev/null
git -C "$dir.tmp" -c advice.detachedHead=false checkout -q "$commit"
cmake -S "$dir.tmp" -B "$dir.tmp/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" -DBUILD_SHARED_LIBS=OFF -DLLAMA_OPENSSL=OFF \
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >&2
cmake --build "$dir.tmp/build" --target "${tools[@]}" -j"$(nproc)" >&2
rm -rf "$dir" && mv "$dir.tmp" "$dir"
# Static libraries: the binaries keep working after the folder is moved into place.
have_all || { echo "The build finished without ${tools[*]} in $bin." >&2; exit 1; }
echo "Built in $(( $(date +%s) - started )) s." >&2
echo "$bin"
