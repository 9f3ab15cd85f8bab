<?php
// Generates the FFI declarations of the PHP wrapper from the C header (include/oo_jwt.h), so that
// nothing is copied by hand:
//   ffi/oo_jwt.h  the header's declarations as PHP's FFI::cdef/FFI::load accept them: comments,
//                 preprocessor lines, the `extern "C"` guard and the C23/C++ spellings removed; and `const uint8_t *` is
//                 declared `const char *` (the same ABI: a pointer to bytes) so that PHP strings
//                 are passed to the library as they are, without a copy.
//   src/Abi.php   the header's `#define OO_*` constants and `OO_*` enum members as `OoJwt\Abi::*`
//                 class constants, and Abi::STATUSES, the members of the OoStatus enum.
//
// Usage: php scripts/gen-ffi.php [--check] [HEADER]
//   HEADER defaults to $OO_JWT_INCLUDE/oo_jwt.h, else ../../include/oo_jwt.h.
//   --check writes nothing and exits 1 when a generated file differs from what the header gives.

declare(strict_types=1);

$check = false;
$header = null;
foreach (array_slice($argv, 1) as $arg) {
    if ($arg === '--check') {
        $check = true;
    } else {
        $header = $arg;
    }
}
$root = dirname(__DIR__);
if ($header === null) {
    $inc = getenv('OO_JWT_INCLUDE');
    $header = ($inc !== false && $inc !== '') ? "$inc/oo_jwt.h" : "$root/../../include/oo_jwt.h";
}
$header = realpath($header) ?: $header;
$text = @file_get_contents($header);
if ($text === false) {
    fwrite(STDERR, "gen-ffi: cannot read $header\n");
    exit(2);
}

// Block comments, then line comments (the header has no `//` or `/*` inside string literals).
$text = preg_replace('~/\*.*?\*/~s', '', $text);
$text = preg_replace('~//[^\n]*~', '', $text);

$decls = [];
$consts = [];
$enums = [];
// One entry per open conditional: whether its lines are kept. The header's guard (`#ifndef`) and
// the C side of `__cplusplus` are kept; any other condition (a C23 or C++ spelling, a test-only
// feature) is not what every C compiler and every build of the library sees, so it is left out,
// and its `#else` kept.
$active = [];
foreach (explode("\n", $text) as $line) {
    $t = trim($line);
    if ($t !== '' && $t[0] === '#') {
        if (preg_match('/^#\s*ifndef\b/', $t)) {
            $active[] = true;
        } elseif (preg_match('/^#\s*if/', $t)) {
            $active[] = false;
        } elseif (preg_match('/^#\s*else\b/', $t)) {
            $active[] = !array_pop($active);
        } elseif (preg_match('/^#\s*endif/', $t)) {
            array_pop($active);
        } elseif (!\in_array(false, $active, true) && preg_match('/^#\s*define\s+OO_(\w+)\s+(-?\d+)\s*$/', $t, $m)) {
            $consts[$m[1]] = (int) $m[2];
        }
        continue;
    }
    if (!\in_array(false, $active, true)) {
        $decls[] = rtrim($line);
    }
}
// Enum members are constants too (OoStatus, OoAlg).
foreach (preg_match_all('/\benum\s+(\w+)\s*\{([^}]*)\}/', implode("\n", $decls), $em, PREG_SET_ORDER) ? $em : [] as [, $enum, $members]) {
    foreach (array_filter(array_map('trim', explode(',', $members))) as $member) {
        if (!preg_match('/^OO_(\w+)\s*=\s*(-?\d+)$/', $member, $m)) {
            fwrite(STDERR, "gen-ffi: cannot read enum $enum member $member\n");
            exit(2);
        }
        $consts[$m[1]] = (int) $m[2];
        $enums[$enum][$m[1]] = (int) $m[2];
    }
}
// One blank line after each declaration, none inside one.
$decls = array_values(array_filter($decls, fn ($l) => trim($l) !== ''));
$body = '';
foreach ($decls as $l) {
    $body .= $l . "\n" . (preg_match('/(\);|^\}.*;|^typedef [^{]*;)$/', $l) ? "\n" : '');
}
$body = trim($body);
$body = preg_replace('/\bconst uint8_t \*/', 'const char *', $body);
if (!str_contains($body, 'oo_sign(') || !str_contains($body, 'typedef struct OoOptions') || !isset($consts['OK'], $enums['OoStatus'])) {
    fwrite(STDERR, "gen-ffi: $header does not look like oo_jwt.h\n");
    exit(2);
}

// Each C function's declaration alone, compact (no parameter names, the enum typedefs spelled as
// their integer types, the options block as `const void *`: a struct declared by another FFI::cdef
// is a different type to PHP), for an FFI::cdef of only the functions a request calls: parsing
// the whole header on each request (PHP-FPM without preload) costs more than a verify.
$aliases = ['OoStatus' => 'int32_t', 'OoAlg' => 'uint32_t'];
$functions = [];
preg_match_all('/^([A-Za-z_][\w \*]*?)\s*\b(oo_\w+)\(([^)]*)\);/m', $body, $fm, PREG_SET_ORDER);
foreach ($fm as [, $ret, $fname, $params]) {
    $types = [];
    foreach (array_map('trim', explode(',', $params)) as $param) {
        $param = preg_replace('/\s+/', ' ', $param);
        $type = $param === 'void' ? 'void' : preg_replace('/\s*\b\w+$/', '', $param);
        $type = preg_replace('/\bconst struct OoOptions \*$/', 'const void *', $type);
        $types[] = str_replace(' *', '*', $type);
    }
    $ret = str_replace(' *', '*', trim(strtr($ret, $aliases)));
    $decl = "$ret $fname(" . implode(',', $types) . ');';
    if (preg_match('/\bOo\w+/', $decl)) {
        fwrite(STDERR, "gen-ffi: $fname uses a header type the compact declarations do not spell: $decl\n");
        exit(2);
    }
    $functions[$fname] = $decl;
}
if (!preg_match('/^typedef struct OoOptions \{[^}]*\} OoOptions;/m', $body, $om) || \count($functions) < 10) {
    fwrite(STDERR, "gen-ffi: cannot read the functions and OoOptions of $header\n");
    exit(2);
}
$optionsDecl = preg_replace('/\s+/', ' ', $om[0]);

$stamp = "GENERATED from include/oo_jwt.h by scripts/gen-ffi.php: do not edit (make gen).";
$cdef = "/* $stamp */\n\n$body\n";

$php = "<?php\n\n// $stamp\n\ndeclare(strict_types=1);\n\nnamespace OoJwt;\n\n"
    . "/** The `OO_*` constants and enum members of the C header: statuses, algorithms, flags, placements. */\n"
    . "final class Abi\n{\n";
foreach ($consts as $name => $value) {
    $php .= "    public const $name = $value;\n";
}
$php .= "\n    /** The members of the OoStatus enum: every status the core returns. */\n    public const STATUSES = [\n";
foreach ($enums['OoStatus'] as $name => $value) {
    $php .= "        '$name' => $value,\n";
}
$php .= "    ];\n";
$php .= "\n    /**\n     * @internal Each C function's declaration alone, for an FFI::cdef of only what a call uses\n"
    . "     * (Jwt; ffi/oo_jwt.h is the whole header, for FFI::load and ffi.preload).\n     */\n    public const FUNCTIONS = [\n";
foreach ($functions as $name => $decl) {
    $php .= "        '$name' => '$decl',\n";
}
$php .= "    ];\n\n    /** @internal The OoOptions block's declaration alone. */\n    public const OPTIONS_STRUCT = '$optionsDecl';\n}\n";

$out = ["$root/ffi/oo_jwt.h" => $cdef, "$root/src/Abi.php" => $php];
$drift = 0;
foreach ($out as $path => $content) {
    $old = @file_get_contents($path);
    if ($old === $content) {
        continue;
    }
    if ($check) {
        fwrite(STDERR, "gen-ffi: $path is out of date with $header (run `make gen`)\n");
        $drift++;
    } else {
        file_put_contents($path, $content);
        echo "gen-ffi: wrote $path\n";
    }
}
if ($check && $drift === 0) {
    echo "gen-ffi: ffi/oo_jwt.h and src/Abi.php match $header\n";
}
exit($drift > 0 ? 1 : 0);
