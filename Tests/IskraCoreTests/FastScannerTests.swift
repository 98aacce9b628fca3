@testable import IskraCore
import FuzzSupport
import Testing

// The scanners made faster, checked against the code they replaced (kept here as it was): the
// same words and the same sentences, on the bundled book and on random text full of what
// they look for (digits, `. ! ?`, capitals, quotation marks, accents, ligatures).

/// The word scanner and the sentence finder as they were before being made faster.
enum Reference {
    struct WordScanner {
        private var table = FoldTable()

        private struct Reading {
            var words = ScannedWords()
            var inWord = false
            var h = IskraCore.WordScanner.offsetBasis
            var start = 0
            var number: Int32 = 0
            var digits = 0
            var suffix = 0          // letters after the digits
            var other = false       // letters before digits, or digits after letters
            var quoteOpen = false
            var caps = false
            var recordsBytes = false
            var byteStart = 0

            @inline(__always) mutating func finish(_ end: Int, byte: Int) {
                inWord = false
                if recordsBytes {
                    words.byteStarts.append(Int32(truncatingIfNeeded: byteStart))
                    words.byteEnds.append(Int32(truncatingIfNeeded: byte))
                }
                words.hashes.append(h)
                words.starts.append(Int32(truncatingIfNeeded: start))
                words.ends.append(Int32(truncatingIfNeeded: end))
                let isNumber = digits > 0 && !other && suffix <= 2 && digits <= 9
                words.numbers.append(isNumber ? number : -1)
                words.flags.append((caps ? 1 : 0) | (quoteOpen ? 2 : 0) | UInt8(min(digits, 15)) << 4)
            }

            @inline(__always) mutating func add(_ packed: UInt64, isWord: Bool, at offset: Int, byte: Int) {
                let lower = UInt32(truncatingIfNeeded: packed)
                if isWord {
                    if !inWord {
                        inWord = true
                        h = IskraCore.WordScanner.offsetBasis
                        start = offset
                        byteStart = byte
                        number = 0; digits = 0; suffix = 0; other = false
                        caps = packed & Folding.upperBit != 0
                    }
                    h = (h ^ UInt64(lower)) &* IskraCore.WordScanner.prime
                    if lower &- 0x30 < 10 {
                        if suffix > 0 { other = true }
                        if digits < 9 { number = number * 10 + Int32(lower - 0x30) }
                        digits += 1
                    } else if digits == 0 {
                        other = true
                    } else {
                        suffix += 1
                    }
                } else {
                    if inWord { finish(offset, byte: byte) }
                    // Double quotation marks open and close quotations: a straight one toggles.
                    if lower == 0x22 { quoteOpen.toggle() }
                }
            }
        }

        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, recordingBytes: Bool, into words: inout ScannedWords) {
            var r = Reading()
            swap(&r.words, &words)
            r.words = ScannedWords()
            r.recordsBytes = recordingBytes
            r.words.hashes.reserveCapacity(bytes.count / 5 + 1)
            var offset = 0
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    let packed = FoldTable.foldASCII(byte)
                    r.add(packed & ~FoldTable.wordBit, isWord: packed & FoldTable.wordBit != 0, at: offset, byte: i)
                    i += 1
                } else {
                    let (v, length) = FoldTable.decode(bytes, i)
                    let byte = i
                    i += length
                    if v == 0x201C || v == 0x201E {
                        // “ and „ open a quotation, ” closes it.
                        if r.inWord { r.finish(offset, byte: byte) }
                        r.quoteOpen = true
                    } else if v == 0x201D {
                        if r.inWord { r.finish(offset, byte: byte) }
                        r.quoteOpen = false
                    } else {
                        // Marks and invisible characters fold to nothing and vanish inside a word.
                        let run = table.add(v)
                        for k in run.start..<(run.start + run.count) {
                            let packed = table.values[k]
                            r.add(packed & ~FoldTable.wordBit, isWord: packed & FoldTable.wordBit != 0, at: offset, byte: byte)
                        }
                    }
                }
                offset += 1
            }
            if r.inWord { r.finish(offset, byte: bytes.count) }
            swap(&r.words, &words)
        }
    }

    static func sentencesWithDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> [(bytes: Range<Int>, scalarBase: Int)] {
        var runs: [(bytes: Range<Int>, scalarBase: Int)] = []
        var sentenceStart = 0, sentenceScalars = 0, scalars = 0
        var hasDigit = false, letters = 0, digits = 0
        var i = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return [] }
        while i < count {
            let b = base[i]
            scalars &+= b & 0xC0 != 0x80 ? 1 : 0
            if b &- 0x61 < 26 {
                letters &+= 1
                digits = 0
            } else if b &- 0x30 < 10 {
                hasDigit = true
                digits &+= 1
                letters = 0
            } else {
                if b == 0x2E || b == 0x21 || b == 0x3F, b != 0x2E || letters >= 5 || digits == 4, i + 2 < count,
                   base[i + 1] == 0x20, base[i + 2] &- 0x41 < 26 || base[i + 2] == 0x22 {
                    if hasDigit {
                        if let last = runs.last, last.bytes.upperBound == sentenceStart {
                            runs[runs.count - 1].bytes = last.bytes.lowerBound..<(i + 2)
                        } else {
                            runs.append((sentenceStart..<(i + 2), sentenceScalars))
                        }
                    }
                    sentenceStart = i + 2
                    sentenceScalars = scalars + 1
                    hasDigit = false
                }
                letters = 0
                digits = 0
            }
            i += 1
        }
        if hasDigit {
            if let last = runs.last, last.bytes.upperBound == sentenceStart {
                runs[runs.count - 1].bytes = last.bytes.lowerBound..<count
            } else {
                runs.append((sentenceStart..<count, sentenceScalars))
            }
        }
        return runs
    }
}

@Suite("Faster scanners: the same as before")
struct FastScannerTests {
    /// Random text dense in what the scanners look for.
    static func randomText(_ random: inout SplitMix64) -> String {
        let pieces = ["word", "Word", "longer", "1917", "7th", "12", "123456789012", "x1917", "1905-06", ". ", "! ", "? ",
                      ", ", " ", "  ", "\n", "\"", "\u{201C}", "\u{201D}", "\u{201E}", "\u{AB}", "émigré", "Œuvre",
                      "Straße", "cafe\u{301}", "\u{2026}", "’s", "'", "(", ")", "-", "A", "a", "fifth", "Trotsky"]
        var text = ""
        for _ in 0..<random.below(60) { text += pieces[random.below(pieces.count)] }
        return text
    }

    static var texts: [String] {
        var texts = EvidenceBook.book.units.map(\.text)
        texts += ["", "1", "a", ". A", "abcde. A1", "1917. B", "12345. C", "x. \"1\"", "On 6th May. Then 1917! Yes? 2"]
        FuzzBudget.forEachSeed(base: 0x5CA7, defaultSeeds: 400) { seed in
            var random = SplitMix64(seed: seed)
            texts.append(randomText(&random))
        }
        return texts
    }

    @Test func wordScannerFindsTheSameWords() {
        var fast = WordScanner(), reference = Reference.WordScanner()
        var reused = ScannedWords()
        for text in Self.texts {
            for recording in [false, true] {
                var copy = text
                copy.withUTF8 { bytes in
                    var expected = ScannedWords()
                    reference.scan(bytes, recordingBytes: recording, into: &expected)
                    let got = fast.scan(bytes, recordingBytes: recording)
                    fast.scan(bytes, recordingBytes: recording, into: &reused)
                    for words in [got, reused] {
                        #expect(words.hashes == expected.hashes && words.starts == expected.starts
                                && words.ends == expected.ends && words.numbers == expected.numbers
                                && words.flags == expected.flags && words.byteStarts == expected.byteStarts
                                && words.byteEnds == expected.byteEnds, "\(text.debugDescription)")
                    }
                }
            }
        }
    }

    @Test func sentencesWithDigitsAreTheSameRuns() {
        for text in Self.texts {
            var copy = text
            copy.withUTF8 { bytes in
                let got = DateExtractor.sentencesWithDigits(bytes), expected = Reference.sentencesWithDigits(bytes)
                #expect(got.map(\.bytes) == expected.map(\.bytes) && got.map(\.scalarBase) == expected.map(\.scalarBase),
                        "\(text.debugDescription)")
            }
        }
    }
}

extension FastScannerTests {
    @Test func eightBytesAtATimeSeeEveryDigitAndStop() {
        func naive(_ x: UInt64) -> Bool {
            (0..<8).contains { k in
                let b = UInt8(truncatingIfNeeded: x >> (8 * UInt64(k)))
                return b < 0x40 && DateExtractor.looked & (1 << UInt64(b)) != 0
            }
        }
        var random = SplitMix64(seed: 0x8B17)
        // Random words, and words of bytes near the ones looked for.
        let near: [UInt8] = [0x20, 0x21, 0x22, 0x2D, 0x2E, 0x2F, 0x30, 0x39, 0x3A, 0x3E, 0x3F, 0x40, 0x61, 0x80, 0xA1, 0xAE, 0xB0, 0xB9, 0xBF, 0xFF]
        for _ in 0..<200_000 {
            var x = random.next()
            if random.chance(70) {
                x = 0
                for k in 0..<8 { x |= UInt64(near[random.below(near.count)]) << (8 * UInt64(k)) }
            }
            #expect(DateExtractor.holdsLooked(x) == naive(x), "\(String(x, radix: 16))")
        }
    }
}
