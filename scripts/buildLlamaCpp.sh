#!/usr/bin/env bash
# Builds llama.cpp's tools (llama-server, llama-bench, llama-fit-params) from the exact source that
# node-llama-cpp ships (node_modules/node-llama-cpp/llama/gitRelease.bundle), once, into a cache folder
# outside the repository, keyed by the source commit, this CPU (the build is -march=native) and the backends.
# Backends: the CPU, plus Vulkan where its build tools are installed (glslc, the Vulkan and SPIR-V headers:
# Debian's glslc libvulkan-dev glslang-tools spirv-headers). Vulkan sees only real GPUs unless
# GGML_VK_VISIBLE_DEVICES names a device, so the same binaries run on the CPU by default; with
# GGML_VK_VISIBLE_DEVICES=0 and Mesa's lavapipe they offload to a software "GPU" (how tests reach GPU layers,
# VRAM limits and spill without a GPU).
# Prints the folder of the binaries on stdout (for HEADROOM_LLAMA_CPP_BIN); progress goes to stderr.
# Cache root: HEADROOM_CACHE_DIR, else $XDG_CACHE_HOME/headroom, else ~/.cache/headroom.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=node_modules/node-llama-cpp/llama/gitRelease.bundle
[ -f "$bundle" ] || { echo "No $bundle: run npm install first." >&2; exit 1; }
commit=$(git bundle list-heads "$bundle" | awk 'NR==1{print substr($1,1,12)}')
cpu=$( (uname -m; grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || sysctl -n machdep.cpu.features 2>/dev/null || true) | sha256sum | cut -c1-8)
root="${HEADROOM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/headroom}"
vulkan=OFF
spirv_headers() { for f in /usr/share/cmake/SPIRV-Headers/SPIRV-HeadersConfig.cmake /usr/lib/*/cmake/SPIRV-Headers/SPIRV-HeadersConfig.cmake; do [ -f "$f" ] && return 0; done; return 1; }
if [ "${HEADROOM_LLAMA_CPP_VULKAN:-auto}" != off ] && command -v glslc >/dev/null 2>&1 && command -v glslangValidator >/dev/null 2>&1 \
  && [ -f /usr/include/vulkan/vulkan.h ] && spirv_headers; then
  vulkan=ON
fi
dir="$root/llama.cpp-$commit-$cpu-noamx"
[ $vulkan = OFF ] || dir="$dir-vulkan"
bin="$dir/build/bin"
tools=(llama-server llama-bench llama-fit-params)
have_all() { for t in "${tools[@]}"; do [ -x "$bin/$t" ] || return 1; done; }
if have_all; then echo "$bin"; exit 0; fi

mkdir -p "$root"
exec 9>"$root/.$(basename "$dir").lock"
flock 9 # another run building the same key waits for it instead of building twice
if have_all; then echo "$bin"; exit 0; fi
started=$(date +%s)
# This release's Vulkan backend needs headers >= 1.3.261 (VK_EXT_layer_settings); Debian 12 has 1.3.239. Then
# the headers alone come from Debian 13's libvulkan-dev (pinned by its hash; the loader library stays the
# system's: the ABI is the same), kept in the cache.
vulkan_include=/usr/include
headers_new_enough() { local v; v=$(sed -n 's/^#define VK_HEADER_VERSION \([0-9]*\).*/\1/p' "$1/vulkan/vulkan_core.h" 2>/dev/null || true); [ "${v:-0}" -ge 261 ]; }
if [ $vulkan = ON ] && ! headers_new_enough /usr/include; then
  deb=libvulkan-dev_1.4.309.0-1_amd64.deb
  sum=8d329d465e16168afff58b1bd0dd6db46aac2cc3f56054a481b25a04e90b345a
  vulkan_include="$root/vulkan-headers-1.4.309/usr/include"
  if ! headers_new_enough "$vulkan_include"; then
    rm -rf "$root/vulkan-headers-1.4.309"
    if ! { [ "$(uname -m)" = x86_64 ] && curl -fsS --max-time 120 -o "$root/$deb" "http://deb.debian.org/debian/pool/main/v/vulkan-loader/$deb" \
      && echo "$sum  $root/$deb" | sha256sum -c --quiet - && dpkg-deb -x "$root/$deb" "$root/vulkan-headers-1.4.309"; }; then
      echo "The Vulkan headers here are older than 1.3.261 and Debian's newer ones could not be fetched." \
        "Install Vulkan headers >= 1.3.261, or set HEADROOM_LLAMA_CPP_VULKAN=off to build for the CPU only." >&2
      exit 1
    fi
    rm -f "$root/$deb"
  fi
fi
# Without AMX: on a CPU that has it, -march=native turns on ggml's AMX buffer type, with which this release
# aborts in ggml_backend_sched_split_graph (an MLA model at context creation) and llama-bench crashes on
# q4_0/q8_0 weights. Explicit -mno-amx-* flags win over -march=native whatever their order.
flags=""
if [ "$(uname -m)" = x86_64 ]; then flags="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"; fi
echo "Building llama.cpp $commit (CPU native, Vulkan $vulkan) into $dir: about 15–25 minutes on 2 cores (Vulkan adds its shaders), once." >&2
rm -rf "$dir.tmp"
git clone -q "$bundle" "$dir.tmp" 2>/dev/null
git -C "$dir.tmp" -c advice.detachedHead=false checkout -q "$commit"
if [ $vulkan = ON ]; then
  # This release compiles two Intel-Xe flash-attention shaders with cooperative matrices whether or not glslc
  # supports them (Debian 12's does not); the patch guards them like the release's other coopmat shaders.
  # It changes nothing on a device without cooperative matrices (lavapipe, and every non-Intel-Xe GPU).
  git -C "$dir.tmp" apply "$PWD/scripts/llamaCpp/vulkan-without-coopmat-glslc.patch"
fi
cmake -S "$dir.tmp" -B "$dir.tmp/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DGGML_VULKAN=$vulkan -DVulkan_INCLUDE_DIR="$vulkan_include" -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" -DBUILD_SHARED_LIBS=OFF -DLLAMA_OPENSSL=OFF \
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >&2
cmake --build "$dir.tmp/build" --target "${tools[@]}" -j"$(nproc)" >&2
rm -rf "$dir" && mv "$dir.tmp" "$dir"
# Static libraries: the binaries keep working after the folder is moved into place.
have_all || { echo "The build finished without ${tools[*]} in $bin." >&2; exit 1; }
echo "Built in $(( $(date +%s) - started )) s." >&2
echo "$bin"
