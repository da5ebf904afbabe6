/**
 * The Merkle log against published RFC 6962 / RFC 9162 test vectors, and property tests.
 *
 * Vectors copied from transparency-dev/merkle (Go), https://github.com/transparency-dev/merkle:
 *  - proof/verify_test.go at commit 02194e9afb6c1d95b5381350007963aa70fff472: `leaves`, `roots`
 *    (tree sizes 1..8), `inclusionProofs` (leaf numbers there are 1-based), `consistencyProofs`,
 *    `sha256SomeHash`, `sha256EmptyTreeHash`, and the corruption probes of corruptInclusionProof /
 *    corruptConsistencyProof and the edge cases of TestVerifyInclusion / TestVerifyConsistency.
 *  - rfc6962/rfc6962_test.go at commit 78493b07ef9b552e3379abf9e23d4da26fbe797c: TestRFC6962Hasher
 *    (empty tree, empty leaf, leaf "L123456", node ("N123", "N456")).
 *  - testdata/consistency/1/happy-path.json at commit bcba819ef46f73fd3aaa964f46778beab2e20d59
 *    (the same 1 → 8 proof in base64, the form those JSON test files use).
 * These are the certificate-transparency reference vectors (originally in google/certificate-transparency).
 */
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  checkConsistency,
  CompactRange,
  EMPTY_ROOT,
  hashChildren,
  hashLeaf,
  MerkleTree,
  rootFromInclusionProof,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from '..';

const dh = (hex: string) => Buffer.from(hex, 'hex');

const sha256SomeHash = dh('abacaba000000000000000000000000000000000000000000060061e00123456');
const sha256EmptyTreeHash = dh('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(dh);

const roots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(dh);

/** { leaf (1-based, as in the Go file), size, proof } */
const inclusionProofs: Array<{ leaf: number; size: number; proof: Buffer[] }> = [
  {
    leaf: 1,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ].map(dh),
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ].map(dh),
  },
  { leaf: 3, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'].map(dh) },
  {
    leaf: 2,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ].map(dh),
  },
  { leaf: 1, size: 1, proof: [] },
];

const consistencyProofs: Array<{ size1: number; size2: number; proof: Buffer[] }> = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ].map(dh),
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ].map(dh),
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ].map(dh),
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ].map(dh),
  },
];

function treeOf(inputs: Buffer[]): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of inputs) tree.append(leaf);
  return tree;
}

/** MTH straight from RFC 9162 §2.1.1, recursively: the reference the fast trees are checked against. */
function referenceRoot(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return createHash('sha256').digest();
  if (hashes.length === 1) return hashes[0];
  const k = splitPoint(hashes.length);
  return hashChildren(referenceRoot(hashes.slice(0, k)), referenceRoot(hashes.slice(k)));
}

const flipBit = (buffer: Buffer, byte: number, mask: number) => {
  const copy = Buffer.from(buffer);
  copy[byte] ^= mask;
  return copy;
};

describe('RFC 6962 hashing (rfc6962_test.go)', () => {
  it('hashes the empty tree, leaves and nodes as the reference does', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hashLeaf(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hashLeaf(Buffer.from('L123456')).toString('hex')).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(hashChildren(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it('separates leaves from nodes and orders children', () => {
    const [a, b] = [hashLeaf(Buffer.from('Hello')), hashLeaf(Buffer.from('World'))];
    expect(a.equals(b)).toBe(false);
    expect(hashChildren(a, b).equals(hashLeaf(Buffer.concat([a, b])))).toBe(false);
    expect(hashChildren(a, b).equals(hashChildren(b, a))).toBe(false);
  });
});

describe('tree heads (verify_test.go roots)', () => {
  it('gives the published root for every size 1..8, from the full tree and the compact range', () => {
    const tree = treeOf(leaves);
    const range = new CompactRange();
    expect(tree.root(0)).toEqual(sha256EmptyTreeHash);
    expect(range.root()).toEqual(sha256EmptyTreeHash);
    leaves.forEach((leaf, i) => {
      range.append(leaf);
      expect(range.root().toString('hex')).toBe(roots[i].toString('hex'));
      expect(tree.root(i + 1).toString('hex')).toBe(roots[i].toString('hex'));
      expect(treeOf(leaves.slice(0, i + 1)).root().toString('hex')).toBe(roots[i].toString('hex'));
    });
  });
});

describe('inclusion proofs (verify_test.go inclusionProofs)', () => {
  const tree = treeOf(leaves);

  it.each(inclusionProofs)('produces and verifies the published PATH for leaf $leaf of $size', ({ leaf, size, proof }) => {
    const index = leaf - 1;
    expect(tree.inclusionProof(index, size).map((h) => h.toString('hex'))).toEqual(proof.map((h) => h.toString('hex')));
    const leafHash = hashLeaf(leaves[index]);
    expect(rootFromInclusionProof(index, size, leafHash, proof)).toEqual(roots[size - 1]);
    expect(verifyInclusion(index, size, leafHash, proof, roots[size - 1])).toBe(true);
  });

  it.each(inclusionProofs.filter((p) => p.size > 1))('rejects every corruption of leaf $leaf of $size (corruptInclusionProof)', ({ leaf, size, proof }) => {
    const index = leaf - 1;
    const root = roots[size - 1];
    const leafHash = hashLeaf(leaves[index]);
    const probes: Array<[string, number, number, Buffer, Buffer[], Buffer]> = [
      ['leafIndex - 1', index - 1, size, root, proof, leafHash],
      ['leafIndex + 1', index + 1, size, root, proof, leafHash],
      ['leafIndex ^ 2', index ^ 2, size, root, proof, leafHash],
      ['treeSize * 2', index, size * 2, root, proof, leafHash],
      ['treeSize / 2', index, Math.floor(size / 2), root, proof, leafHash],
      ['wrong leaf', index, size, root, proof, Buffer.from('WrongLeaf')],
      ['empty root', index, size, sha256EmptyTreeHash, proof, leafHash],
      ['random root', index, size, sha256SomeHash, proof, leafHash],
      ['trailing garbage', index, size, root, [...proof, Buffer.alloc(0)], leafHash],
      ['trailing root', index, size, root, [...proof, root], leafHash],
      ['preceding garbage', index, size, root, [Buffer.alloc(0), ...proof], leafHash],
      ['preceding root', index, size, root, [root, ...proof], leafHash],
      ...proof.map((_, i): [string, number, number, Buffer, Buffer[], Buffer] => [
        `modified proof[${i}] bit 3`,
        index,
        size,
        root,
        proof.map((h, j) => (j === i ? flipBit(h, 0, 8) : h)),
        leafHash,
      ]),
      ['removed component', index, size, root, proof.slice(0, -1), leafHash],
      ...(proof.length > 1
        ? [['inserted component', index, size, root, [proof[0], sha256SomeHash, ...proof.slice(1)], leafHash] as [string, number, number, Buffer, Buffer[], Buffer]]
        : []),
    ];
    for (const [desc, i, s, r, p, l] of probes) {
      if (i < 0) continue; // the Go probe underflows to 2^64 - 1: not an index here
      expect([desc, verifyInclusion(i, s, l, p, r)]).toEqual([desc, false]);
    }
  });

  it('rejects the invalid index/size probes of TestVerifyInclusion', () => {
    for (const [index, size] of [[0, 0], [0, 1], [1, 0], [2, 1]]) {
      expect(verifyInclusion(index, size, sha256SomeHash, [], Buffer.alloc(0))).toBe(false);
      expect(verifyInclusion(index, size, Buffer.alloc(0), [], sha256EmptyTreeHash)).toBe(false);
      expect(verifyInclusion(index, size, sha256SomeHash, [], sha256EmptyTreeHash)).toBe(false);
    }
  });

  it('handles the single-entry tree (TestVerifyInclusionSingleEntry)', () => {
    const hash = hashLeaf(Buffer.from('data'));
    expect(verifyInclusion(0, 1, hash, [], hash)).toBe(true);
    expect(verifyInclusion(0, 1, Buffer.alloc(0), [], hash)).toBe(false);
    expect(verifyInclusion(0, 1, hash, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(0, 1, Buffer.alloc(0), [], Buffer.alloc(0))).toBe(false);
  });
});

describe('consistency proofs (verify_test.go consistencyProofs)', () => {
  const tree = treeOf(leaves);

  it.each(consistencyProofs)('produces and verifies the published PROOF $size1 → $size2', ({ size1, size2, proof }) => {
    expect(tree.consistencyProof(size1, size2).map((h) => h.toString('hex'))).toEqual(proof.map((h) => h.toString('hex')));
    expect(verifyConsistency(size1, size2, roots[size1 - 1], roots[size2 - 1], proof)).toBe(true);
  });

  it.each(consistencyProofs.filter((p) => p.proof.length > 0))(
    'rejects every corruption of $size1 → $size2 (corruptConsistencyProof)',
    ({ size1, size2, proof }) => {
      const [root1, root2] = [roots[size1 - 1], roots[size2 - 1]];
      const probes: Array<[string, number, number, Buffer, Buffer, Buffer[]]> = [
        ['size1 - 1', size1 - 1, size2, root1, root2, proof],
        ['size1 + 1', size1 + 1, size2, root1, root2, proof],
        ['size1 ^ 2', size1 ^ 2, size2, root1, root2, proof],
        ['size2 * 2', size1, size2 * 2, root1, root2, proof],
        ['size2 / 2', size1, Math.floor(size2 / 2), root1, root2, proof],
        ['wrong root1', size1, size2, Buffer.from('WrongRoot'), root2, proof],
        ['wrong root2', size1, size2, root1, Buffer.from('WrongRoot'), proof],
        ['swapped roots', size1, size2, root2, root1, proof],
        ['empty proof', size1, size2, root1, root2, []],
        ['trailing garbage', size1, size2, root1, root2, [...proof, Buffer.alloc(0)]],
        ['trailing root1', size1, size2, root1, root2, [...proof, root1]],
        ['trailing root2', size1, size2, root1, root2, [...proof, root2]],
        ['preceding garbage', size1, size2, root1, root2, [Buffer.alloc(0), ...proof]],
        ['preceding root1', size1, size2, root1, root2, [root1, ...proof]],
        ['preceding root2', size1, size2, root1, root2, [root2, ...proof]],
        ['preceding proof[0]', size1, size2, root1, root2, [proof[0], ...proof]],
        ['truncated proof', size1, size2, root1, root2, proof.slice(0, -1)],
        ...proof.map((_, i): [string, number, number, Buffer, Buffer, Buffer[]] => [
          `modified proof[${i}] bit 4`,
          size1,
          size2,
          root1,
          root2,
          proof.map((h, j) => (j === i ? flipBit(h, 0, 16) : h)),
        ]),
      ];
      for (const [desc, s1, s2, r1, r2, p] of probes) {
        expect([desc, verifyConsistency(s1, s2, r1, r2, p)]).toEqual([desc, false]);
      }
    },
  );

  it('decides the edge cases of TestVerifyConsistency', () => {
    const root1 = Buffer.from("don't care 1");
    const root2 = Buffer.from("don't care 2");
    const cases: Array<[number, number, Buffer, Buffer, Buffer[], boolean]> = [
      [0, 0, root1, root2, [], false],
      [1, 1, root1, root2, [], false],
      [0, 0, root1, root1, [], true],
      [0, 1, root1, root2, [], true],
      [1, 1, root2, root2, [], true],
      [1, 0, root1, root2, [], false],
      [2, 1, root1, root2, [], false],
      [1, 2, root1, root2, [], false],
      [0, 0, sha256EmptyTreeHash, root2, [], false],
      [1, 1, sha256EmptyTreeHash, root2, [], false],
      [0, 0, sha256EmptyTreeHash, sha256EmptyTreeHash, [sha256EmptyTreeHash], false],
      [0, 1, sha256EmptyTreeHash, sha256EmptyTreeHash, [sha256EmptyTreeHash], false],
      [1, 1, sha256EmptyTreeHash, sha256EmptyTreeHash, [sha256EmptyTreeHash], false],
    ];
    for (const [s1, s2, r1, r2, p, ok] of cases) expect([s1, s2, verifyConsistency(s1, s2, r1, r2, p)]).toEqual([s1, s2, ok]);
  });

  it('reads the base64 JSON test file testdata/consistency/1/happy-path.json', () => {
    const vector = {
      size1: 1,
      size2: 8,
      root1: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
      root2: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
      proof: [
        'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
        'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
        'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
      ],
    };
    const b64 = (s: string) => Buffer.from(s, 'base64');
    expect(() => checkConsistency(vector.size1, vector.size2, b64(vector.root1), b64(vector.root2), vector.proof.map(b64))).not.toThrow();
    expect(tree.consistencyProof(1, 8).map((h) => h.toString('base64'))).toEqual(vector.proof);
    expect(tree.root(8).toString('base64')).toBe(vector.root2);
  });
});

describe('properties (fast-check)', () => {
  /** Distinct 32-byte leaves, like event hashes. */
  const leafInputs = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => createHash('sha256').update(`${seed}:${i}`).digest());

  const sizes = fc.integer({ min: 1, max: 300 }).chain((n) =>
    fc.record({ n: fc.constant(n), seed: fc.nat(), m: fc.integer({ min: 1, max: n }), a: fc.nat(), b: fc.nat() }),
  );

  it('the stored tree, the compact range and the RFC recursion agree on every root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.nat(), (n, seed) => {
        const inputs = leafInputs(n, seed);
        const tree = treeOf(inputs);
        const range = new CompactRange();
        const hashes = inputs.map(hashLeaf);
        for (let m = 0; m <= n; m++) {
          const expected = referenceRoot(hashes.slice(0, m));
          if (!tree.root(m).equals(expected) || !range.root().equals(expected)) return false;
          if (m < n) range.append(inputs[m]);
        }
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('every inclusion proof verifies, and tampered ones fail', () => {
    fc.assert(
      fc.property(sizes, ({ n, seed, m, a }) => {
        const inputs = leafInputs(n, seed);
        const tree = treeOf(inputs);
        const index = a % m;
        const root = tree.root(m);
        const proof = tree.inclusionProof(index, m);
        const leafHash = hashLeaf(inputs[index]);
        expect(verifyInclusion(index, m, leafHash, proof, root)).toBe(true);
        // Another leaf, index, size or root, or any flipped bit in the path, fails.
        expect(verifyInclusion(index, m, hashLeaf(randomBytes(32)), proof, root)).toBe(false);
        if (m > 1) expect(verifyInclusion((index + 1) % m, m, leafHash, proof, root)).toBe(false);
        // The signed root binds the size: the path for size m does not lead to the root of another size.
        const other = 1 + ((index + a) % n);
        if (other !== m && index < other) expect(verifyInclusion(index, other, leafHash, proof, tree.root(other))).toBe(false);
        expect(verifyInclusion(index, m * 2, leafHash, proof, root)).toBe(false);
        expect(verifyInclusion(index, m, leafHash, proof, flipBit(root, 31, 1))).toBe(false);
        if (proof.length > 0) {
          const i = a % proof.length;
          const tampered = proof.map((h, j) => (j === i ? flipBit(h, a % 32, 1 << a % 8) : h));
          expect(verifyInclusion(index, m, leafHash, tampered, root)).toBe(false);
          expect(verifyInclusion(index, m, leafHash, proof.slice(0, -1), root)).toBe(false);
          expect(verifyInclusion(index, m, leafHash, [...proof, proof[0]], root)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every consistency proof verifies, and tampered ones fail', () => {
    fc.assert(
      fc.property(sizes, ({ n, seed, m, a, b }) => {
        const inputs = leafInputs(n, seed);
        const tree = treeOf(inputs);
        const size2 = m;
        const size1 = a % (size2 + 1);
        const [root1, root2] = [tree.root(size1), tree.root(size2)];
        const proof = tree.consistencyProof(size1, size2);
        expect(verifyConsistency(size1, size2, root1, root2, proof)).toBe(true);
        if (size1 === 0 || size1 === size2) {
          expect(proof).toEqual([]);
          return;
        }
        expect(verifyConsistency(size1, size2, flipBit(root1, 0, 1), root2, proof)).toBe(false);
        expect(verifyConsistency(size1, size2, root1, flipBit(root2, 0, 1), proof)).toBe(false);
        // With the roots of other sizes (the roots are what checkpoints sign), the proof fails.
        if (size1 + 1 < size2) expect(verifyConsistency(size1 + 1, size2, tree.root(size1 + 1), root2, proof)).toBe(false);
        if (size2 < n) expect(verifyConsistency(size1, size2 + 1, root1, tree.root(size2 + 1), proof)).toBe(false);
        const i = b % proof.length;
        const tampered = proof.map((h, j) => (j === i ? flipBit(h, b % 32, 1 << b % 8) : h));
        expect(verifyConsistency(size1, size2, root1, root2, tampered)).toBe(false);
        expect(verifyConsistency(size1, size2, root1, root2, proof.slice(1))).toBe(false);
        // A history that differs inside the first size1 leaves cannot be proven consistent.
        const forked = treeOf(inputs.map((leaf, j) => (j === b % size1 ? flipBit(leaf, 0, 1) : leaf)));
        expect(verifyConsistency(size1, size2, root1, forked.root(size2), forked.consistencyProof(size1, size2))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scale', () => {
  // How fast is for npm run bench (the integrity suite), never a timed assertion here.
  it('computes the root of 1 000 000 leaves, and answers proofs for any earlier size', () => {
    const n = 1_000_000;
    const inputs = Buffer.allocUnsafe(n * 32);
    for (let i = 0; i < n; i += 1024) createHash('sha256').update(String(i)).digest().copy(inputs, i * 32);
    const range = new CompactRange();
    for (let i = 0; i < n; i++) range.append(inputs.subarray(i * 32, i * 32 + 32));
    const root = range.root();

    const tree = new MerkleTree(n);
    for (let i = 0; i < n; i++) tree.append(inputs.subarray(i * 32, i * 32 + 32));
    expect(tree.root()).toEqual(root);
    for (const [index, size] of [[0, n], [n - 1, n], [123_456, 777_777], [999_998, 999_999]]) {
      const proof = tree.inclusionProof(index, size);
      expect(verifyInclusion(index, size, tree.leafHash(index), proof, tree.root(size))).toBe(true);
    }
    expect(verifyConsistency(524_289, n, tree.root(524_289), root, tree.consistencyProof(524_289, n))).toBe(true);
  });
});
