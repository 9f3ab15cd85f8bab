"""Build step of the oo_jwt wheel: bundles the native library into the package, tagged as a platform wheel.

The library comes from, in order:
- $OO_JWT_LIB (the repository's Makefiles, and `make dist`, which builds one wheel per platform);
- rust/ beside this file (the sdist carries the Rust sources there): built with cargo;
- ../../target/release (a checkout of the repository, after `cargo build --release` at its root).
$OO_JWT_WHEEL_PLATFORM sets the wheel's platform tag (`make dist`: manylinux_2_28_x86_64, ...).
Metadata is in pyproject.toml.
"""

import os
import shutil
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:  # setuptools >= 70.1 ships bdist_wheel; older ones take it from the `wheel` package
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # pragma: no cover
    from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
if sys.platform == "win32":
    LIB_NAME = "oo_jwt.dll"
elif sys.platform == "darwin":
    LIB_NAME = "liboo_jwt.dylib"
else:
    LIB_NAME = "liboo_jwt.so"


def build_from_source(rust_dir):
    """Builds the library from the sdist's Rust sources; its own target dir unless CARGO_TARGET_DIR."""
    cargo = shutil.which("cargo")
    if not cargo:
        raise SystemExit(
            "oo_jwt: building from source needs Rust's cargo on PATH (https://rustup.rs), "
            "or install a prebuilt oo-jwt wheel for this platform instead."
        )
    target_dir = os.environ.get("CARGO_TARGET_DIR") or os.path.join(HERE, "build", "cargo")
    subprocess.run(
        [cargo, "build", "--release", "--lib", "--manifest-path",
         os.path.join(rust_dir, "Cargo.toml"), "--target-dir", target_dir],
        check=True,
    )
    return os.path.join(target_dir, "release", LIB_NAME)


def library_source():
    rust_dir = os.path.join(HERE, "rust")
    if os.environ.get("OO_JWT_LIB"):
        path = os.path.normpath(os.environ["OO_JWT_LIB"])
    elif os.path.isfile(os.path.join(rust_dir, "Cargo.toml")):
        path = build_from_source(rust_dir)
    else:
        path = os.path.normpath(os.path.join(HERE, "..", "..", "target", "release", LIB_NAME))
    if not os.path.isfile(path):
        raise SystemExit(
            "oo_jwt: %s not found; build it first (`cargo build --release` at the repository "
            "root) or point OO_JWT_LIB at the library" % path
        )
    return path


class BuildPyWithLibrary(build_py):
    """build_py into a clean package directory (no stale file from an earlier build reaches the
    wheel), then copy the shared library beside the modules."""

    def run(self):
        shutil.rmtree(os.path.join(self.build_lib, "oo_jwt"), ignore_errors=True)
        super().run()
        source = library_source()
        # The file keeps its platform's name (a Windows wheel carries oo_jwt.dll).
        target = os.path.join(self.build_lib, "oo_jwt", os.path.basename(source))
        self.mkpath(os.path.dirname(target))
        shutil.copyfile(source, target)
        os.chmod(target, 0o755)


class BinaryDistribution(Distribution):
    """The package carries a native library: install to platlib, never as a pure wheel."""

    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    """Non-pure wheel; tagged py3-none-<platform>, since ctypes does not tie it to one CPython ABI."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        _, _, plat = super().get_tag()
        return "py3", "none", os.environ.get("OO_JWT_WHEEL_PLATFORM") or plat


setup(
    distclass=BinaryDistribution,
    cmdclass={"build_py": BuildPyWithLibrary, "bdist_wheel": PlatformWheel},
)
