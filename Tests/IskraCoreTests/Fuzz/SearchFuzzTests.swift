import FuzzSupport
import Testing
@testable import IskraCore

/// The index against the naive oracle (SearchTests.swift) on random texts: words with accents,
/// ligatures, curly quotes, dashes, 4-byte scalars and 320 letters, empty paragraphs, some
/// paragraphs far longer than the index's 4 KB scalar checkpoints, and queries of every kind
/// (prefixes in either case, words with punctuation inside, phrases, terms that start with
/// punctuation, several words, exclusions, scopes).
@Suite("Search fuzzing")
struct SearchFuzzTests {
    static let vocabulary = ["Lenin", "lenin", "Leninist", "émigré", "Émigré", "emigre", "manœuvre", "Trotsky’s",
                             "trotsky's", "Kronstadt", "kron", "a", "A", "at", "the", "The", "1917–1921", "1905",
                             "“no”", "said…", "—", "(1)", "x", "œuvre", "revolution", "permanent", "Permanent",
                             "café", "stalin", "Stalin", "𝔄𝔅c", "😀", String(repeating: "long", count: 80), "..."]
    static let separators = [" ", " ", " ", ", ", ". ", " – ", "\u{2019} ", "; "]

    static func text(_ random: inout SplitMix64, words: Int) -> String {
        var text = ""
        for i in 0..<words {
            if i > 0 { text += separators[random.below(separators.count)] }
            text += vocabulary[random.below(vocabulary.count)]
        }
        return text
    }

    static func query(_ random: inout SplitMix64) -> String {
        let word = vocabulary[random.below(vocabulary.count)]
        let scalars = Array(word.unicodeScalars)
        let prefix = String(String.UnicodeScalarView(scalars.prefix(1 + random.below(scalars.count))))
        switch random.below(5) {
        case 0, 1: return prefix
        case 2: return word
        case 3:
            // The oracle splits phrases at spaces only, so phrases use plain words.
            let plain = vocabulary.filter { $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) } }
            return "\"" + plain[random.below(plain.count)] + " " + plain[random.below(plain.count)].prefix(1 + random.below(3)) + "\""
        default: return ["–", "…", ".", "’", "(1", "”", "- x"][random.below(7)]
        }
    }

    @Test func randomTextsAndQueriesMatchTheOracle() {
        FuzzBudget.forEachSeed(base: 0x5EA2C4, defaultSeeds: 8) { seed in
            FuzzBudget.note("search", seed: seed)
            var random = SplitMix64(seed: seed)
            let texts = (0..<(2 + random.below(6))).map { _ in
                // Every few paragraphs is long enough to need scalar checkpoints.
                random.chance(10) ? "" : SearchFuzzTests.text(&random, words: random.chance(30) ? 1500 + random.below(1500) : 1 + random.below(40))
            }
            let units = IskraCoreTests.units(texts)
            let index = SearchIndex(units: units)
            for _ in 0..<20 {
                let typed = SearchFuzzTests.query(&random)
                let query = SearchQuery(typed)
                guard query.positiveTerms.count == 1, query.excludedTerms.isEmpty, let term = query.terms.first else { continue }
                let expected = term.kind == .phrase
                    ? Naive.phrase(term.text, in: units, caseSensitive: query.caseSensitive)
                    : Naive.term(term.text, in: units, caseSensitive: query.caseSensitive)
                let results = index.search(query)
                let found = results.map { Naive.Hit(unit: $0.unit, offset: $0.offset, length: $0.length) }
                // Per paragraph (as the reader highlights them), offsets are worked out in one walk.
                for unit in units.indices {
                    #expect(results.hits(inUnit: unit).map { Naive.Hit(unit: $0.unit, offset: $0.offset, length: $0.length) }
                            == found.filter { $0.unit == unit }, "seed \(seed): \(typed) in unit \(unit)")
                }
                if term.kind == .word, let first = term.folded.lower.first, !Folding.isWord(first) {
                    // Punctuation is found anywhere, not only at word starts.
                    #expect(found == SearchFuzzTests.anywhere(term.text, in: units, caseSensitive: query.caseSensitive),
                            "seed \(seed): \(typed)")
                    continue
                }
                #expect(found == expected, "seed \(seed): \(typed)")
            }
        }
    }

    @Test func severalTermsExclusionsAndScopesMatchTheOracle() {
        // Plain words with different first letters, so that hits of two terms never overlap.
        let plain = ["lenin", "Leninist", "émigré", "manœuvre", "Kronstadt", "at", "the", "revolution", "permanent",
                     "café", "stalin", "𝔄𝔅c"]
        FuzzBudget.forEachSeed(base: 0x5EA2C5, defaultSeeds: 8) { seed in
            FuzzBudget.note("search-terms", seed: seed)
            var random = SplitMix64(seed: seed)
            let texts = (0..<(4 + random.below(8))).map { _ in SearchFuzzTests.text(&random, words: 1 + random.below(60)) }
            let units = IskraCoreTests.units(texts)
            let index = SearchIndex(units: units)
            for _ in 0..<20 {
                func prefix(_ word: String) -> String {
                    let scalars = Array(word.unicodeScalars)
                    return String(String.UnicodeScalarView(scalars.prefix(1 + random.below(scalars.count))))
                }
                let first = prefix(plain[random.below(plain.count)])
                var second = prefix(plain[random.below(plain.count)])
                while second.lowercased().first == first.lowercased().first { second = prefix(plain[random.below(plain.count)]) }
                let excluded = random.chance(40) ? prefix(plain[random.below(plain.count)]) : nil
                let scope = [nil, "in:sources", "in:chapters"][random.below(3)]
                let typed = ([first, second] + [excluded.map { "-" + $0 }, scope].compactMap { $0 }).joined(separator: " ")
                let caseSensitive = SearchQuery(typed).caseSensitive
                let a = Naive.term(first, in: units, caseSensitive: caseSensitive)
                let b = Naive.term(second, in: units, caseSensitive: caseSensitive)
                let gone = Set(excluded.map { Naive.term($0, in: units, caseSensitive: caseSensitive).map(\.unit) } ?? [])
                let kept = Set(a.map(\.unit)).intersection(b.map(\.unit)).subtracting(gone).filter { unit in
                    switch scope {
                    case "in:sources": return unit % 2 == 1
                    case "in:chapters": return unit % 2 == 0
                    default: return true
                    }
                }
                let expected = (a + b).filter { kept.contains($0.unit) }.sorted()
                let found = index.search(typed).map { Naive.Hit(unit: $0.unit, offset: $0.offset, length: $0.length) }
                #expect(found == expected, "seed \(seed): \(typed)")
            }
        }
    }

    /// Non-overlapping occurrences anywhere in the folded text, left to right; several in one
    /// scalar (`.` in `…`) are one hit.
    static func anywhere(_ term: String, in units: [TextUnit], caseSensitive: Bool) -> [Naive.Hit] {
        let q = Naive.folded(term, caseSensitive: caseSensitive).map(\.scalar)
        var hits: [Naive.Hit] = []
        for unit in units {
            let t = Naive.folded(unit.text, caseSensitive: caseSensitive)
            var i = 0
            while i + q.count <= t.count {
                if (0..<q.count).allSatisfy({ t[i + $0].scalar == q[$0] }) {
                    let hit = Naive.Hit(unit: unit.id, offset: t[i].origin, length: t[i + q.count - 1].origin + 1 - t[i].origin)
                    if hits.last != hit { hits.append(hit) }
                    i += q.count
                } else {
                    i += 1
                }
            }
        }
        return hits
    }
}
