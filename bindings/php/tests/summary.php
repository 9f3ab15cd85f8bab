<?php
// Reads PHPUnit's JUnit log and prints the closing line every suite here ends with:
//   N passed, N failed
// With --conformance, first one line per vector file: CONFORMANCE php <file-stem> <passed> <failed>
// (VectorTest's data sets are named "<file-stem>/<case id>").
// Usage: php tests/summary.php [--conformance] JUNIT.xml

declare(strict_types=1);

$args = array_slice($argv, 1);
$conformance = in_array('--conformance', $args, true);
$args = array_values(array_diff($args, ['--conformance']));
$xml = @simplexml_load_file($args[0] ?? '');
if ($xml === false) {
    fwrite(STDERR, "summary: no JUnit log at " . ($args[0] ?? '?') . "\n");
    echo "0 passed, 1 failed\n";
    exit(1);
}
$passed = $failed = 0;
$files = [];
foreach ($xml->xpath('//testcase') as $tc) {
    $bad = isset($tc->failure) || isset($tc->error) || isset($tc->skipped) || isset($tc->warning);
    $bad ? $failed++ : $passed++;
    if (preg_match('/with data set "([^"\/]+)\//', (string) $tc['name'], $m)) {
        $files[$m[1]] ??= [0, 0];
        $files[$m[1]][$bad ? 1 : 0]++;
    }
}
if ($conformance) {
    ksort($files);
    foreach ($files as $stem => [$p, $f]) {
        echo "CONFORMANCE php $stem $p $f\n";
    }
}
echo "$passed passed, $failed failed\n";
exit($failed > 0 || $passed === 0 ? 1 : 0);
