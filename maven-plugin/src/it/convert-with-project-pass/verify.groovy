// The first build converted the model with the project's own pass in the pipeline; the second
// found the output up to date.
def out = new File(basedir, 'target/models/cls.tflite')
assert out.isFile() && out.length() > 100_000 : "no converted model at $out"
def log = new File(basedir, 'build.log').text
assert log.contains('mnc: wrote') : 'the first build must convert'
assert log.contains('count-convs: the model has 53 convolutions') : "the project's own pass must run"
assert log.contains('is up to date') : 'the second build must find the output up to date'
return true
