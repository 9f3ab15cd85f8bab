"""Build step of the oo_jwt wheel: bundles liboo_jwt.so into the package, tagged as a platform wheel.

The library comes from $OO_JWT_LIB, else from ../../target/release/liboo_jwt.so (run
`cargo build --release` at the repository root first). Metadata is in pyproject.toml.
"""

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:  # setuptools >= 70.1 ships bdist_wheel; older ones take it from the `wheel` package
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # pragma: no cover
    from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
LIB_NAME = "liboo_jwt.so"


def library_source():
    path = os.environ.get("OO_JWT_LIB") or os.path.join(
        HERE, "..", "..", "target", "release", LIB_NAME
    )
    path = os.path.normpath(path)
    if not os.path.isfile(path):
        raise SystemExit(
            "oo_jwt: %s not found; build it first (`cargo build --release` at the repository "
            "root) or point OO_JWT_LIB at liboo_jwt.so" % path
        )
    return path


class BuildPyWithLibrary(build_py):
    """build_py into a clean package directory (no stale file from an earlier build reaches the
    wheel), then copy the shared library beside the modules."""

    def run(self):
        shutil.rmtree(os.path.join(self.build_lib, "oo_jwt"), ignore_errors=True)
        super().run()
        target = os.path.join(self.build_lib, "oo_jwt", LIB_NAME)
        self.mkpath(os.path.dirname(target))
        shutil.copyfile(library_source(), target)
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
        return "py3", "none", plat


setup(
    distclass=BinaryDistribution,
    cmdclass={"build_py": BuildPyWithLibrary, "bdist_wheel": PlatformWheel},
)
