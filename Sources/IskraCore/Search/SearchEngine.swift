// Running a query against the index.

/// Occurrences of one term, in book order: global byte start, unit and length.
struct TermHits {
    var starts: [Int32] = []
    var units: [Int32] = []
    /// Per-hit lengths in bytes, or empty when every hit is `foldedLength` folded values long
    /// (a word prefix, whose length in the text is worked out only for the hits shown).
    var byteLengths: [Int32] = []
    var foldedLength: Int32 = 0

    init() {}

    init(starts: [Int32], units: [Int32], foldedLength: Int32) {
        self.starts = starts
        self.units = units
        self.foldedLength = foldedLength
    }

    mutating func append(_ start: Int32, byteLength: Int, _ unit: Int) {
        starts.append(start)
        byteLengths.append(Int32(byteLength))
        units.append(Int32(unit))
    }

    /// The hits whose unit is set in `allowed` (a bitset over units).
    func filtered(by allowed: [UInt64]) -> TermHits {
        var kept = TermHits()
        kept.foldedLength = foldedLength
        let fixed = byteLengths.isEmpty
        starts.withUnsafeBufferPointer { starts in
            units.withUnsafeBufferPointer { units in
                allowed.withUnsafeBufferPointer { allowed in
                    for i in 0 ..< starts.count {
                        let u = Int(units[i])
                        if allowed[u >> 6] & (1 << UInt64(u & 63)) != 0 {
                            kept.starts.append(starts[i])
                            kept.units.append(units[i])
                            if !fixed { kept.byteLengths.append(byteLengths[i]) }
                        }
                    }
                }
            }
        }
        return kept
    }
}

extension SearchIndex {
    public func search(_ text: String) -> SearchResults { search(SearchQuery(text)) }

    /// `onlySources`: indices of the sources to search in (what `by:NAME` resolved to); nil
    /// for the whole book as the scope says.
    public func search(_ query: SearchQuery, onlySources: [Int]? = nil) -> SearchResults {
        let positives = query.positiveTerms
        if positives.isEmpty { return SearchResults(index: self, query: query, hits: TermHits()) }
        let caseSensitive = query.caseSensitive

        // Units allowed by scope and exclusions. With several terms every term must be in the
        // unit, so terms are looked for rarest first, each only in the units that still count.
        var allowed: [UInt64]? = nil
        func unitBits() -> [UInt64] { [UInt64](repeating: 0, count: units.count / 64 + 1) }
        if query.scope != .everywhere {
            let wanted = query.scope == .sources ? SearchIndex.scopeSources : SearchIndex.scopeChapter
            var bits = unitBits()
            for u in 0 ..< units.count where unitScope[u] == wanted { bits[u >> 6] |= 1 << UInt64(u & 63) }
            allowed = bits
        }
        if let onlySources {
            let wanted = Set(onlySources)
            var bits = unitBits()
            for u in 0 ..< units.count {
                guard case .source(let index) = units[u].container, wanted.contains(index) else { continue }
                if allowed.map({ $0[u >> 6] & (1 << UInt64(u & 63)) != 0 }) ?? true { bits[u >> 6] |= 1 << UInt64(u & 63) }
            }
            allowed = bits
        }
        for term in query.excludedTerms {
            var bits = allowed ?? [UInt64](repeating: ~0, count: units.count / 64 + 1)
            for u in hits(of: term, caseSensitive: caseSensitive, within: allowed).units {
                bits[Int(u) >> 6] &= ~(1 << UInt64(u & 63))
            }
            allowed = bits
        }
        var termHits = [TermHits](repeating: TermHits(), count: positives.count)
        let rarestFirst = positives.indices.sorted { estimatedCount(positives[$0]) < estimatedCount(positives[$1]) }
        for t in rarestFirst {
            termHits[t] = hits(of: positives[t], caseSensitive: caseSensitive, within: allowed)
            if positives.count > 1 {
                var present = unitBits()
                for u in termHits[t].units { present[Int(u) >> 6] |= 1 << UInt64(u & 63) }
                allowed = present
            }
        }
        if positives.count > 1, let allowed {
            // Earlier (rarer) terms were found before later ones narrowed the units.
            for t in termHits.indices { termHits[t] = termHits[t].filtered(by: allowed) }
        }
        let merged = termHits.count == 1 ? termHits[0] : merge(termHits)
        return SearchResults(index: self, query: query, hits: merged)
    }

    /// About how many places a term's first word could match (terms that start with
    /// punctuation are scanned for, so they count as everywhere).
    private func estimatedCount(_ term: SearchTerm) -> Int {
        guard let first = term.tokens.first else { return Int.max }
        if term.kind == .word, let lead = term.folded.lower.first, !Folding.isWord(lead) { return Int.max }
        let single = term.kind == .phrase ? term.tokens.count == 1 : term.folded.lower.count == first.count
        let bytes = SearchIndex.utf8(first)
        return occurrenceCount(ofRanks: single ? prefixRange(bytes) : exactRange(bytes))
    }

    /// Merges several book-ordered hit lists into one, joining hits that overlap.
    func merge(_ lists: [TermHits]) -> TermHits {
        // Linear merges by start (then longest first), one list into the result at a time (a
        // query has few terms), then one pass joining overlaps. Ends are clamped to 32 bits.
        var merged = lists.map { list -> [(start: Int32, end: Int32, unit: Int32)] in
            let lengths = byteLengths(of: list)
            return list.starts.indices.map {
                (list.starts[$0], Int32(clamping: Int(list.starts[$0]) + Int(lengths[$0])), list.units[$0])
            }
        }
        while merged.count > 1 {
            let a = merged.removeLast(), b = merged.removeLast()
            var out: [(start: Int32, end: Int32, unit: Int32)] = []
            out.reserveCapacity(a.count + b.count)
            var i = 0, j = 0
            while i < a.count && j < b.count {
                if a[i].start < b[j].start || (a[i].start == b[j].start && a[i].end >= b[j].end) {
                    out.append(a[i]); i += 1
                } else {
                    out.append(b[j]); j += 1
                }
            }
            out.append(contentsOf: a[i...])
            out.append(contentsOf: b[j...])
            merged.append(out)
        }
        let all = merged.first ?? []
        var out = TermHits()
        var i = 0
        while i < all.count {
            var current = all[i]
            i += 1
            while i < all.count && all[i].unit == current.unit && all[i].start < current.end {
                current.end = max(current.end, all[i].end)
                i += 1
            }
            out.append(current.start, byteLength: Int(current.end - current.start), Int(current.unit))
        }
        return out
    }

    /// The byte length of every hit, reading the text for word-prefix hits.
    func byteLengths(of hits: TermHits) -> [Int32] {
        if !hits.byteLengths.isEmpty { return hits.byteLengths }
        let folded = Int(hits.foldedLength)
        var lengths = [Int32](repeating: Int32(folded), count: hits.starts.count)
        var i = 0
        while i < hits.starts.count {
            let unit = Int(hits.units[i])
            var j = i + 1
            while j < hits.starts.count && hits.units[j] == hits.units[i] { j += 1 }
            // In ASCII text a folded value is one byte and nothing vanishes: only others are read.
            if !isASCII(unit) {
                withText(unit) { bytes in
                    let base = unitByteStart[unit]
                    for k in i ..< j {
                        let start = Int(hits.starts[k]) - base
                        lengths[k] = Int32(byteEnd(bytes, start: start, foldedLength: folded) - start)
                    }
                }
            }
            i = j
        }
        return lengths
    }

    /// Every occurrence of a term in book order, only in the units of `within` (scope and
    /// the paragraphs still holding every other term) when given.
    func hits(of term: SearchTerm, caseSensitive: Bool, within allowed: [UInt64]? = nil) -> TermHits {
        switch term.kind {
        case .phrase: return phraseHits(term.tokens, folded: term.folded, caseSensitive: caseSensitive, within: allowed)
        case .word: return wordHits(term.folded, caseSensitive: caseSensitive, within: allowed)
        }
    }

    static func utf8(_ scalars: some Collection<UInt32>) -> [UInt8] {
        var out: [UInt8] = []
        for v in scalars {
            guard let scalar = Unicode.Scalar(v) else { continue }
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        return out
    }

    private func wordHits(_ pattern: FoldedString, caseSensitive: Bool, within allowed: [UInt64]?) -> TermHits {
        let q = pattern.lower
        guard let first = q.first else { return TermHits() }
        guard Folding.isWord(first) else { return scanHits(pattern, caseSensitive: caseSensitive, within: allowed) }
        var tokenLength = 0
        while tokenLength < q.count && Folding.isWord(q[tokenLength]) { tokenLength += 1 }
        let single = tokenLength == q.count
        let token = SearchIndex.utf8(q[0 ..< tokenLength])
        let ranks = single ? prefixRange(token) : exactRange(token)
        if single && !caseSensitive {
            // Every occurrence is a hit; lengths in the text are found only for hits shown.
            let (starts, units) = occurrences(ofRanks: ranks, within: allowed)
            return TermHits(starts: starts, units: units, foldedLength: Int32(q.count))
        }
        let positions = positions(ofRanks: ranks)
        // Check what the vocabulary cannot: the rest of the term after its first word, and case.
        var out = TermHits()
        forEachUnit(of: positions) { unit, range in
            guard SearchIndex.contains(allowed, unit) else { return }
            withText(unit) { bytes in
                let base = unitByteStart[unit]
                for i in range {
                    if let end = match(bytes, at: Int(positions[i]) - base, pattern, caseSensitive: caseSensitive) {
                        out.append(positions[i], byteLength: end - (Int(positions[i]) - base), unit)
                    }
                }
            }
        }
        return out
    }

    /// Whether the text at byte `start` folds to the pattern (checking case when asked); the
    /// byte offset where the match ends, with any accents on its last letter.
    @inline(__always)
    private func match(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ pattern: FoldedString,
                       caseSensitive: Bool) -> Int? {
        var cursor = FoldCursor(bytes, at: start)
        return matchRest(&cursor, pattern, from: 0, caseSensitive: caseSensitive)
    }

    /// Matches `pattern[from...]` at the cursor; the end of the match (see `match`).
    @inline(__always)
    private func matchRest(_ cursor: inout FoldCursor, _ pattern: FoldedString, from: Int, caseSensitive: Bool) -> Int? {
        for i in from ..< pattern.lower.count {
            guard let value = cursor.next(folds), UInt32(truncatingIfNeeded: value) == pattern.lower[i] else { return nil }
            if caseSensitive && (value & Folding.upperBit != 0) != pattern.upper[i] { return nil }
        }
        return cursor.skipVanishing(folds)
    }

    /// A term that does not start with a letter or digit (`(1)`, `...`): found anywhere, by
    /// scanning the text for the bytes where its first folded value can begin.
    private func scanHits(_ pattern: FoldedString, caseSensitive: Bool, within allowed: [UInt64]?) -> TermHits {
        var out = TermHits()
        let first = pattern.lower[0]
        var starting = [Bool](repeating: false, count: 256)
        if first < 0x80 { starting[Int(first)] = true }
        for v in folds.scalars(whoseFoldingContains: first) {
            if let lead = UTF8.encode(Unicode.Scalar(v)!)?.first { starting[Int(lead)] = true }
        }
        for unit in units.indices where SearchIndex.contains(allowed, unit) {
            withText(unit) { bytes in
                let base = Int32(unitByteStart[unit])
                let indexed = unitByteStart[unit + 1] - unitByteStart[unit]
                var i = 0
                while i < indexed {
                    if !starting[Int(bytes[i])] { i += 1; continue }
                    // Every folded value of the scalar here may start a match.
                    var cursor = FoldCursor(bytes, at: i)
                    repeat {
                        guard let value = cursor.next(folds) else { break }
                        guard UInt32(truncatingIfNeeded: value) == first,
                              !caseSensitive || (value & Folding.upperBit != 0) == pattern.upper[0] else { continue }
                        let start = cursor.scalarStart
                        var probe = cursor
                        if let end = matchRest(&probe, pattern, from: 1, caseSensitive: caseSensitive) {
                            // `.` in `…` matches three times over the same scalar: one hit.
                            if out.starts.last != base + Int32(start) || out.units.last != Int32(unit) {
                                out.append(base + Int32(start), byteLength: end - start, unit)
                            }
                            cursor = probe
                        }
                    } while !cursor.atScalarBoundary
                    i = max(cursor.position, i + 1)
                }
            }
        }
        return out
    }

    private func phraseHits(_ tokens: [[UInt32]], folded: FoldedString, caseSensitive: Bool,
                            within allowed: [UInt64]?) -> TermHits {
        guard let last = tokens.last else { return TermHits() }
        let n = tokens.count
        if n == 1 {
            // One word (a phrase still being typed): the same as that word unquoted.
            var word = folded
            let keep = folded.lower.indices.filter { Folding.isWord(folded.lower[$0]) }
            word.lower = keep.map { folded.lower[$0] }
            word.upper = keep.map { folded.upper[$0] }
            word.origin = keep.map { folded.origin[$0] }
            return wordHits(word, caseSensitive: caseSensitive, within: allowed)
        }
        // Every word but the last must be whole; the last may still be being typed.
        var ranges: [Range<Int>] = tokens.dropLast().map { exactRange(SearchIndex.utf8($0)) }
        ranges.append(prefixRange(SearchIndex.utf8(last)))
        if ranges.contains(where: \.isEmpty) { return TermHits() }
        // Uppercase flags of the tokens, for smart case.
        var tokenUpper: [[Bool]] = []
        if caseSensitive {
            var current: [Bool] = []
            for (v, upper) in zip(folded.lower, folded.upper) {
                if Folding.isWord(v) { current.append(upper) } else if !current.isEmpty { tokenUpper.append(current); current = [] }
            }
            if !current.isEmpty { tokenUpper.append(current) }
        }
        let candidates = positions(ofRanks: ranges[0])
        // Only paragraphs holding the rarest other word can hold the phrase.
        var required: [UInt64]? = nil
        if let rarest = ranges.dropFirst().min(by: { occurrenceCount(ofRanks: $0) < occurrenceCount(ofRanks: $1) }),
           occurrenceCount(ofRanks: rarest) * 4 < candidates.count {
            var bits = [UInt64](repeating: 0, count: units.count / 64 + 1)
            for u in occurrences(ofRanks: rarest, within: allowed).units { bits[Int(u) >> 6] |= 1 << UInt64(u & 63) }
            required = bits
        }
        var out = TermHits()
        forEachUnit(of: candidates) { unit, range in
            guard SearchIndex.contains(required, unit), SearchIndex.contains(allowed, unit) else { return }
            withText(unit) { bytes in
                let base = unitByteStart[unit]
                for i in range {
                    let start = Int(candidates[i]) - base
                    if let end = matchPhrase(bytes, at: start, tokens, tokenUpper, caseSensitive: caseSensitive) {
                        out.append(candidates[i], byteLength: end - start, unit)
                    }
                }
            }
        }
        return out
    }

    /// Whether the words at byte `start` are `tokens` in order, separated only by non-word
    /// characters (all but the last whole); where the match ends.
    private func matchPhrase(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ tokens: [[UInt32]],
                             _ tokenUpper: [[Bool]], caseSensitive: Bool) -> Int? {
        var cursor = FoldCursor(bytes, at: start)
        var value = cursor.next(folds)
        for (t, token) in tokens.enumerated() {
            if t > 0 {
                guard let separator = value, separator & FoldTable.wordBit == 0 else { return nil }
                repeat { value = cursor.next(folds) } while value.map { $0 & FoldTable.wordBit == 0 } ?? false
            }
            for (j, letter) in token.enumerated() {
                guard let v = value, v & FoldTable.wordBit != 0, UInt32(truncatingIfNeeded: v) == letter else { return nil }
                if caseSensitive && (v & Folding.upperBit != 0) != tokenUpper[t][j] { return nil }
                if t == tokens.count - 1 && j == token.count - 1 { return cursor.skipVanishing(folds) }
                value = cursor.next(folds)
            }
            // A word before the last must end here.
            if let v = value, v & FoldTable.wordBit != 0 { return nil }
        }
        return nil
    }
}
