#!/bin/bash
# Installs the 32-bit atop builds that test_data/32bit/make_logs.sh runs:
# Debian 12's own atop 2.8.1 packages for i386 and armhf, Debian 13's own atop
# 2.11.1 for armhf (64-bit time_t), and releases built
# from the upstream source with ../shared/tools/build_atop.sh for i386
# (gcc -m32) and armhf (arm-linux-gnueabihf-gcc), the latter also with the
# 64-bit time_t of Debian 13. Each is installed as a wrapper
# /usr/local/bin/atop-RELEASE-ABI (atop-debian12-2.8.1-ARCH and
# atop-debian13-2.11.1-armhf for the packages)
# that runs it through its own ld-linux.so.2 (i386, which this kernel runs
# through its IA32 emulation) or qemu-arm-static (armhf).
#
#   test_data/32bit/make_atops.sh ATOP_GIT_DIRECTORY
#
# The libraries (ncurses, zlib, glib and theirs) are Debian's packages of
# each architecture, unpacked into /opt/sysroot/ARCH (armhf-trixie for
# Debian 13's). Needs root, Debian 12,
# gcc-multilib, gcc-arm-linux-gnueabihf, qemu-user-static and the i386 and
# armhf architectures in dpkg (dpkg --add-architecture; apt-get update).
set -eu
MIRROR=$(realpath "$1")
BUILD_ATOP=$(dirname "$(realpath "$0")")/../../../shared/tools/build_atop.sh
[ -x "$BUILD_ATOP" ] || BUILD_ATOP=/work/shared/tools/build_atop.sh
SYSROOT=/opt/sysroot
PACKAGES="libc6 libgcc-s1 libtinfo6 libncurses6 libncursesw6 libncurses-dev
  libgpm2 zlib1g zlib1g-dev libglib2.0-0 libglib2.0-dev libpcre2-8-0 libpcre2-dev
  libffi8 libmount1 libblkid1 libselinux1 linux-libc-dev atop"

# Makes the absolute symbolic links of a sysroot (libz.so -> /lib/...) point
# into it.
point_links_into() {
  find "$1" -type l | while read -r link; do
    target=$(readlink "$link")
    case $target in
      "$1"/*) ;;
      /*) ln -sfn "$1$target" "$link" ;;
    esac
  done
}

for arch in i386 armhf; do
  root=$SYSROOT/$arch
  mkdir -p "$SYSROOT/debs/$arch" "$root"
  (cd "$SYSROOT/debs/$arch" && apt-get download $(printf "%s:$arch " $PACKAGES))
  for deb in "$SYSROOT/debs/$arch"/*.deb; do
    case $deb in
      */atop_*) dpkg-deb -x "$deb" "/opt/atop/debian12-$arch" ;;
      *) dpkg-deb -x "$deb" "$root" ;;
    esac
  done
  point_links_into "$root"
done

# atop's -P prints time_t values with %ld: with a 64-bit time_t on a 32-bit
# ABI it reads the wrong arguments and crashes (atop issue 306, Debian bug
# 1069859), in every release up to 2.13 and in Debian 13's own atop. Only
# the printing is mended, with casts to long (the times of the logs fit), so
# that the -P output of these builds can be compared with the logs.
fix_time_formats() {
  sed -i \
    -e 's/^\(\s*\)curtime,$/\1(long) curtime,/' \
    -e 's/^\(\s*\)ps->gen\.btime,$/\1(long) ps->gen.btime,/' \
    -e 's/^\(\s*\)ps->gen\.elaps,$/\1(long) ps->gen.elaps,/' \
    -e 's|ps->gen\.btime + ps->gen\.elaps/hertz : 0,|(long) (ps->gen.btime + ps->gen.elaps/hertz) : 0L,|' \
    "$1/parseable.c"
}

# Debian 13 is not in this machine's package sources: its packages come from
# the index of the mirror.
root=$SYSROOT/armhf-trixie
mkdir -p "$SYSROOT/debs/armhf-trixie" "$root" /opt/atop/debian13-armhf
ln -sfn usr/lib "$root/lib"
index=$(mktemp)
curl -sSf http://deb.debian.org/debian/dists/trixie/main/binary-armhf/Packages.xz |
  xz -dc > "$index"
for package in atop libc6 libgcc-s1 libatomic1 libtinfo6 libncursesw6 zlib1g \
  libglib2.0-0t64 libpcre2-8-0 libffi8 libmount1 libblkid1 libselinux1; do
  file=$(awk -v package="$package" '$1 == "Package:" { name = $2 }
    $1 == "Filename:" && name == package { print $2; exit }' "$index")
  deb=$SYSROOT/debs/armhf-trixie/$(basename "$file")
  curl -sSf -o "$deb" "http://deb.debian.org/debian/$file"
  case $package in
    atop) dpkg-deb -x "$deb" /opt/atop/debian13-armhf ;;
    *) dpkg-deb -x "$deb" "$root" ;;
  esac
done
rm -f "$index"
point_links_into "$root"

# Builds releases for one ABI with the shared build_atop.sh.
build() {
  local abi=$1 arch=$2 triplet=$3 compiler=$4
  shift 4
  local root=$SYSROOT/$arch shim tag
  shim=$(mktemp -d)
  # build_atop.sh compiles version.c of old trees with cc.
  printf '#!/bin/sh\nexec %s "$@"\n' "$compiler" > "$shim/cc"
  chmod +x "$shim/cc"
  export PATH=$shim:$PATH DEST=/opt/atop/build-$abi \
    PKG_CONFIG_LIBDIR=$root/usr/lib/$triplet/pkgconfig:$root/usr/share/pkgconfig \
    PKG_CONFIG_SYSROOT_DIR=$root \
    CC="$compiler -I$root/usr/include -I$root/usr/include/$triplet \
      -L$root/usr/lib/$triplet -L$root/lib/$triplet \
      -Wl,-rpath-link,$root/usr/lib/$triplet:$root/lib/$triplet"
  bash "$BUILD_ATOP" "$MIRROR" "$@" || true
  if [ "$abi" = armhf-time64 ]; then
    for tag in "$@"; do
      fix_time_formats "$DEST/$tag"
      make -C "$DEST/$tag" atop > "$DEST/$tag/build-fixed.log" 2>&1
    done
  fi
  export PATH=${PATH#"$shim:"}
  rm -rf "$shim"
}

build i386 i386 i386-linux-gnu "gcc -m32" \
  v1.26 v2.3.0 v2.7.1 v2.8.1 v2.10.0 v2.13.0
build armhf armhf arm-linux-gnueabihf arm-linux-gnueabihf-gcc v2.8.1
build armhf-time64 armhf arm-linux-gnueabihf \
  "arm-linux-gnueabihf-gcc -D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64" v2.8.1 v2.11.1

# Installs a wrapper that runs a 32-bit atop.
install_wrapper() {
  local name=$1 binary=$2 arch=$3 run
  case $arch in
    i386)
      run="$SYSROOT/i386/lib/ld-linux.so.2 --library-path"
      run="$run $SYSROOT/i386/lib/i386-linux-gnu:$SYSROOT/i386/usr/lib/i386-linux-gnu"
      ;;
    armhf*) run="qemu-arm-static -L $SYSROOT/$arch" ;;
  esac
  printf '#!/bin/sh\nexec %s %s "$@"\n' "$run" "$binary" > "/usr/local/bin/$name"
  chmod +x "/usr/local/bin/$name"
  echo "$name: $("/usr/local/bin/$name" -V 2>&1 | head -1)"
}

for build in /opt/atop/build-*/v*/atop; do
  abi=${build#/opt/atop/build-}
  abi=${abi%%/*}
  release=$(basename "$(dirname "$build")")
  install_wrapper "atop-${release#v}-$abi" "$build" "${abi%-time64}"
done
for arch in i386 armhf; do
  install_wrapper "atop-debian12-2.8.1-$arch" "/opt/atop/debian12-$arch/usr/bin/atop" \
    "$arch"
done
install_wrapper atop-debian13-2.11.1-armhf /opt/atop/debian13-armhf/usr/bin/atop \
  armhf-trixie
