// Running a query against the index.

/// Occurrences of one term, in book order: global folded start, folded length and unit.
struct TermHits {
    var starts: [Int32] = []
    var units: [Int32] = []
    /// Per-hit lengths, or empty when every hit is `fixedLength` long (a single word).
    var lengths: [Int32] = []
    var fixedLength: Int32 = 0

    init() {}

    init(starts: [Int32], units: [Int32], fixedLength: Int32) {
        self.starts = starts
        self.units = units
        self.fixedLength = fixedLength
    }

    mutating func append(_ start: Int, _ length: Int, _ unit: Int32) {
        starts.append(Int32(start))
        lengths.append(Int32(length))
        units.append(unit)
    }

    @inline(__always)
    func length(_ i: Int) -> Int32 { lengths.isEmpty ? fixedLength : lengths[i] }

    /// The hits whose unit is set in `allowed` (a bitset over units).
    func filtered(by allowed: [UInt64]) -> TermHits {
        var kept = TermHits()
        kept.fixedLength = fixedLength
        let fixed = lengths.isEmpty
        starts.withUnsafeBufferPointer { starts in
            units.withUnsafeBufferPointer { units in
                allowed.withUnsafeBufferPointer { allowed in
                    for i in 0 ..< starts.count {
                        let u = Int(units[i])
                        if allowed[u >> 6] & (1 << UInt64(u & 63)) != 0 {
                            kept.starts.append(starts[i])
                            kept.units.append(units[i])
                            if !fixed { kept.lengths.append(lengths[i]) }
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

    public func search(_ query: SearchQuery) -> SearchResults {
        let positives = query.positiveTerms
        if positives.isEmpty { return SearchResults(index: self, query: query, hits: TermHits()) }

        var termHits = positives.map { hits(of: $0, caseSensitive: query.caseSensitive) }

        // Units allowed by scope and exclusions, and (with several terms) holding every term.
        var allowed: [UInt64]? = nil
        func unitBits() -> [UInt64] { [UInt64](repeating: 0, count: units.count / 64 + 1) }
        if query.scope != .everywhere {
            let wanted = query.scope == .sources ? SearchIndex.scopeSources : SearchIndex.scopeChapter
            var bits = unitBits()
            for u in 0 ..< units.count where unitScope[u] == wanted { bits[u >> 6] |= 1 << UInt64(u & 63) }
            allowed = bits
        }
        let excluded = query.excludedTerms
        if !excluded.isEmpty {
            var bits = allowed ?? [UInt64](repeating: ~0, count: units.count / 64 + 1)
            for term in excluded {
                for u in hits(of: term, caseSensitive: query.caseSensitive).units {
                    bits[Int(u) >> 6] &= ~(1 << UInt64(u & 63))
                }
            }
            allowed = bits
        }
        if termHits.count > 1 {
            var bits = allowed ?? [UInt64](repeating: ~0, count: units.count / 64 + 1)
            for term in termHits {
                var present = unitBits()
                for u in term.units { present[Int(u) >> 6] |= 1 << UInt64(u & 63) }
                for w in 0 ..< bits.count { bits[w] &= present[w] }
            }
            allowed = bits
        }
        if let allowed {
            for t in termHits.indices { termHits[t] = termHits[t].filtered(by: allowed) }
        }
        let merged = termHits.count == 1 ? termHits[0] : SearchIndex.merge(termHits)
        return SearchResults(index: self, query: query, hits: merged)
    }

    /// Merges several book-ordered hit lists into one, joining hits that overlap.
    static func merge(_ lists: [TermHits]) -> TermHits {
        // Pairwise linear merges by start (then longest first), then one pass joining overlaps.
        var merged = lists.map { list -> [(start: Int32, end: Int32, unit: Int32)] in
            list.starts.indices.map { (list.starts[$0], list.starts[$0] + list.length($0), list.units[$0]) }
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
            out.append(Int(current.start), Int(current.end - current.start), current.unit)
        }
        return out
    }

    /// Every occurrence of a term, in book order (ignoring scope and other terms).
    func hits(of term: SearchTerm, caseSensitive: Bool) -> TermHits {
        switch term.kind {
        case .phrase: return phraseHits(term.tokens, folded: term.folded, caseSensitive: caseSensitive)
        case .word: return wordHits(term.folded, caseSensitive: caseSensitive)
        }
    }

    @inline(__always) private func n1(_ q: [UInt32]) -> Bool { q.count == 1 }

    private func wordHits(_ pattern: FoldedString, caseSensitive: Bool) -> TermHits {
        let q = pattern.lower
        var out = TermHits()
        guard let first = q.first else { return out }
        guard Folding.isWord(first) else { return scanHits(pattern, caseSensitive: caseSensitive) }
        var tokenLength = 0
        while tokenLength < q.count && Folding.isWord(q[tokenLength]) { tokenLength += 1 }
        let single = tokenLength == q.count
        if n1(q), first < 128 {
            let slot = caseSensitive ? (pattern.upper[0] ? 256 : 128) + Int(first) : Int(first)
            if let cached = commonLetterHits[slot] { return cached }
        }
        let token = Array(q[0 ..< tokenLength])
        let ranks = single ? prefixRange(token) : exactRange(token)
        let expected = occurrenceCount(ofRanks: ranks)
        out.starts.reserveCapacity(expected)
        out.units.reserveCapacity(expected)
        let n = q.count
        if single && !caseSensitive {
            // Exactly `expected` hits: fill both arrays in place.
            var units: [Int32] = []
            let starts = [Int32](unsafeUninitializedCapacity: expected) { startsBuffer, startsCount in
                units = [Int32](unsafeUninitializedCapacity: expected) { unitsBuffer, unitsCount in
                    wordStart.withUnsafeBufferPointer { wordStart in
                        wordUnit.withUnsafeBufferPointer { wordUnit in
                            var i = 0
                            forEachOccurrence(ofRanks: ranks) { k in
                                startsBuffer[i] = wordStart[k]
                                unitsBuffer[i] = wordUnit[k]
                                i += 1
                            }
                            unitsCount = i
                        }
                    }
                }
                startsCount = units.count
            }
            return TermHits(starts: starts, units: units, fixedLength: Int32(n))
        }
        // Check what the vocabulary cannot: the rest of the term after its first word, and case.
        let from = single ? n : tokenLength
        let qUpper = pattern.upper
        lower.withUnsafeBufferPointer { text in
            forEachOccurrence(ofRanks: ranks) { k in
                let start = Int(wordStart[k])
                let unit = wordUnit[k]
                if start + n > Int(unitStart[Int(unit) + 1]) { return }
                for i in from ..< n where text[start + i] != q[i] { return }
                if caseSensitive {
                    for i in 0 ..< n where isUpper(start + i) != qUpper[i] { return }
                }
                out.starts.append(Int32(start))
                out.units.append(unit)
            }
        }
        out.fixedLength = Int32(n)
        return out
    }

    /// Whether the folded text at `start` spells the pattern (scalars before `from` are already
    /// known to match in lowercase), checking case when asked.
    @inline(__always)
    private func matches(at start: Int, limit: Int, _ pattern: FoldedString, from: Int, caseSensitive: Bool) -> Bool {
        let n = pattern.lower.count
        if start + n > limit { return false }
        for i in from ..< n where lower[start + i] != pattern.lower[i] { return false }
        if caseSensitive {
            for i in 0 ..< n where isUpper(start + i) != pattern.upper[i] { return false }
        }
        return true
    }

    /// A term that does not start with a letter or digit (`(1)`, `...`): a plain substring scan.
    private func scanHits(_ pattern: FoldedString, caseSensitive: Bool) -> TermHits {
        var out = TermHits()
        let q = pattern.lower
        let first = q[0]
        for u in 0 ..< units.count {
            let from = Int(unitStart[u]), to = Int(unitStart[u + 1])
            var p = from
            while p + q.count <= to {
                if lower[p] == first && matches(at: p, limit: to, pattern, from: 1, caseSensitive: caseSensitive) {
                    out.append(p, q.count, Int32(u))
                    p += q.count
                } else {
                    p += 1
                }
            }
        }
        return out
    }

    private func phraseHits(_ tokens: [[UInt32]], folded: FoldedString, caseSensitive: Bool) -> TermHits {
        var out = TermHits()
        guard let last = tokens.last else { return out }
        let n = tokens.count
        if n == 1 {
            // One word (a phrase still being typed): the same as that word unquoted.
            var word = folded
            let keep = folded.lower.indices.filter { Folding.isWord(folded.lower[$0]) }
            word.lower = keep.map { folded.lower[$0] }
            word.upper = keep.map { folded.upper[$0] }
            word.origin = keep.map { folded.origin[$0] }
            return wordHits(word, caseSensitive: caseSensitive)
        }
        // Every word but the last must be whole; the last may still be being typed.
        var ranges: [Range<Int>] = tokens.dropLast().map { exactRange($0) }
        ranges.append(prefixRange(last))
        if ranges.contains(where: \.isEmpty) { return out }
        // Uppercase flags of the tokens, for smart case.
        var tokenUpper: [[Bool]] = []
        if caseSensitive {
            var current: [Bool] = []
            for (v, upper) in zip(folded.lower, folded.upper) {
                if Folding.isWord(v) { current.append(upper) } else if !current.isEmpty { tokenUpper.append(current); current = [] }
            }
            if !current.isEmpty { tokenUpper.append(current) }
        }
        let total = wordRank.count
        for k in occurrences(ofRanks: ranges[0]) {
            let k = Int(k)
            if k + n > total || wordUnit[k + n - 1] != wordUnit[k] { continue }
            var ok = true
            for i in 1 ..< n where !ranges[i].contains(Int(wordRank[k + i])) { ok = false; break }
            if ok && caseSensitive {
                outer: for i in 0 ..< n {
                    let s = Int(wordStart[k + i])
                    for (j, upper) in tokenUpper[i].enumerated() where isUpper(s + j) != upper { ok = false; break outer }
                }
            }
            if ok {
                let start = Int(wordStart[k])
                out.append(start, Int(wordStart[k + n - 1]) + last.count - start, wordUnit[k])
            }
        }
        return out
    }
}
