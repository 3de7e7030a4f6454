# Source this to run npm itself on the project's Node LTS (the version of the `node-linux-*`
# optional dependency), downloading it from the npm registry into .tools/ when the system Node
# is another version. npm scripts already run on that Node once `npm ci` has installed it; this
# is for npm's own install step, whose engine checks otherwise see an older system Node.
# Linux x64/arm64 only, like the optional dependency; elsewhere install Node 24 LTS yourself.
_gh_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_gh_arch="$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
_gh_pkg="node-linux-${_gh_arch}"
_gh_version="$(sed -n "s/.*\"${_gh_pkg}\": *\"\([0-9.]*\)\".*/\1/p" "${_gh_root}/package.json")"
if [ -z "${_gh_version}" ]; then
  echo "use-project-node: package.json pins no ${_gh_pkg}; using $(node --version)" >&2
elif [ "$(node --version 2>/dev/null)" != "v${_gh_version}" ]; then
  _gh_dir="${_gh_root}/.tools/node-v${_gh_version}"
  if [ ! -x "${_gh_dir}/bin/node" ]; then
    mkdir -p "${_gh_dir}"
    (cd "${_gh_dir}" && npm pack --silent "${_gh_pkg}@${_gh_version}" >/dev/null \
      && tar -xzf "${_gh_pkg}-${_gh_version}.tgz" --strip-components=1 && rm -f "${_gh_pkg}-${_gh_version}.tgz")
  fi
  export PATH="${_gh_dir}/bin:${PATH}"
fi
unset _gh_root _gh_arch _gh_pkg _gh_version _gh_dir
