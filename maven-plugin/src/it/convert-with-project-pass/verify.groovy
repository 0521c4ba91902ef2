// The first build converted the model with the project's own pass in the pipeline, to int8, and
// pruned; the second found all three outputs up to date.
def out = new File(basedir, 'target/models/cls.tflite')
assert out.isFile() && out.length() > 100_000 : "no converted model at $out"
def log = new File(basedir, 'build.log').text
assert log.contains('mnc: wrote') : 'the first build must convert'
assert log.contains('count-convs: the model has 53 convolutions') : "the project's own pass must run"
def zip = new java.util.zip.ZipFile(out)
try {
    def labels = zip.getEntry('labels.txt')
    assert labels != null : 'the .tflite must carry the labels (<labels>) appended as a zip'
    assert zip.getInputStream(labels).text == '0\n180\n' : 'the labels file must be the configured one'
} finally {
    zip.close()
}
assert log.contains('is up to date') : 'the second build must find the output up to date'
def q = new File(basedir, 'target/models/cls-int8.tflite')
assert q.isFile() && q.length() < 0.5 * out.length() : "the int8 model must exist and be well under the float one's size"
assert new File(basedir, 'target/models/cls-int8.json').text.contains('"sqnr_db"') : 'the report must be written'
assert log.contains('mnc: int8, mse') : 'the int8 conversion must say what it did'
assert log.contains('mnc: pruned to 6') : 'the pruned conversion must say how much it removed'
assert new File(basedir, 'target/models/cls-pruned.mnc').isFile() : 'the pruned model must be written'
assert log.count('is up to date') == 3 : 'the second build must find all three outputs up to date'
return true
