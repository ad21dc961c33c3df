//! Community detection on a weighted undirected graph: the Louvain method
//! (Blondel et al., 2008), made deterministic.
//!
//! Nodes are visited in index order, a node moves only when that strictly
//! improves modularity (ties keep it where it is, then prefer the lowest
//! community number), and sums are taken in a fixed order, so the same graph
//! always gives the same communities. Cost is O(edges) per pass; a sparse
//! nearest-neighbour graph of 10,000 documents takes milliseconds.

/// Communities of an undirected graph with `n` nodes and weighted `edges`
/// (each pair once; weights > 0). Returns a community number per node,
/// numbered 0.. in order of each community's first node.
pub fn communities(n: usize, edges: &[(u32, u32, f64)]) -> Vec<u32> {
    let mut graph = Graph::new(n, edges);
    // Community of every original node, in the current level's numbering.
    let mut of_node: Vec<u32> = (0..n as u32).collect();
    // Enough levels for any real graph; each level at least halves nothing
    // in the worst case, so bound it.
    for _ in 0..32 {
        let (comm, moved) = local_moving(&graph);
        if !moved {
            break;
        }
        let (comm, k) = renumber(&comm);
        for c in &mut of_node {
            *c = comm[*c as usize];
        }
        graph = graph.aggregate(&comm, k);
    }
    renumber(&of_node).0
}

/// Adjacency lists (both directions) plus each node's self-loop weight,
/// which aggregation creates from the edges inside a community.
struct Graph {
    adj: Vec<Vec<(u32, f64)>>,
    /// Internal weight, counted twice as in a degree.
    self_loop: Vec<f64>,
}

impl Graph {
    fn new(n: usize, edges: &[(u32, u32, f64)]) -> Self {
        let mut adj = vec![Vec::new(); n];
        for &(a, b, w) in edges {
            if a != b {
                adj[a as usize].push((b, w));
                adj[b as usize].push((a, w));
            }
        }
        for list in &mut adj {
            list.sort_by_key(|(j, _)| *j);
        }
        Graph {
            adj,
            self_loop: vec![0.0; n],
        }
    }

    fn degree(&self, i: usize) -> f64 {
        self.adj[i].iter().map(|(_, w)| w).sum::<f64>() + self.self_loop[i]
    }

    /// One node per community; edges between communities summed.
    fn aggregate(&self, comm: &[u32], k: usize) -> Graph {
        let mut self_loop = vec![0.0; k];
        let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
        for (i, list) in self.adj.iter().enumerate() {
            let a = comm[i];
            self_loop[a as usize] += self.self_loop[i];
            for &(j, w) in list {
                let b = comm[j as usize];
                if a == b {
                    self_loop[a as usize] += w;
                } else {
                    pairs.push((a, b, w));
                }
            }
        }
        pairs.sort_by_key(|p| (p.0, p.1));
        let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); k];
        for (a, b, w) in pairs {
            let list = &mut adj[a as usize];
            match list.last_mut() {
                Some((last, sum)) if *last == b => *sum += w,
                _ => list.push((b, w)),
            }
        }
        Graph { adj, self_loop }
    }
}

/// Moves nodes between communities while modularity improves. Returns each
/// node's community (a node number) and whether anything moved.
fn local_moving(g: &Graph) -> (Vec<u32>, bool) {
    let n = g.adj.len();
    let degree: Vec<f64> = (0..n).map(|i| g.degree(i)).collect();
    let m2: f64 = degree.iter().sum();
    let mut comm: Vec<u32> = (0..n as u32).collect();
    if m2 <= 0.0 {
        return (comm, false);
    }
    let mut total = degree.clone();
    let mut weight_to = vec![0.0f64; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut moved_any = false;
    for _pass in 0..64 {
        let mut moved = false;
        for i in 0..n {
            let ci = comm[i];
            let ki = degree[i];
            for &(j, w) in &g.adj[i] {
                let c = comm[j as usize];
                if weight_to[c as usize] == 0.0 {
                    touched.push(c);
                }
                weight_to[c as usize] += w;
            }
            total[ci as usize] -= ki;
            // Gain of joining c, up to a constant factor: the links to c
            // minus what a random graph with the same degrees would give.
            let gain = |c: u32, w: f64| w - total[c as usize] * ki / m2;
            let mut best = ci;
            let mut best_gain = gain(ci, weight_to[ci as usize]);
            touched.sort_unstable();
            for &c in &touched {
                let g = gain(c, weight_to[c as usize]);
                if g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            for c in touched.drain(..) {
                weight_to[c as usize] = 0.0;
            }
            total[best as usize] += ki;
            if best != ci {
                comm[i] = best;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            break;
        }
    }
    (comm, moved_any)
}

/// Renumbers labels 0.. in order of first appearance; returns the count.
fn renumber(labels: &[u32]) -> (Vec<u32>, usize) {
    let mut map: std::collections::HashMap<u32, u32> = Default::default();
    let out = labels
        .iter()
        .map(|l| {
            let next = map.len() as u32;
            *map.entry(*l).or_insert(next)
        })
        .collect();
    (out, map.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two triangles joined by one weak edge, plus an isolated node.
    #[test]
    fn finds_dense_groups() {
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
            (2, 3, 0.1),
        ];
        let c = communities(7, &edges);
        assert_eq!(c, vec![0, 0, 0, 1, 1, 1, 2]);
    }

    #[test]
    fn many_cliques_are_recovered_and_deterministic() {
        // 20 cliques of 6 in a ring, each linked to the next by one edge.
        let mut edges = Vec::new();
        for k in 0..20u32 {
            let base = k * 6;
            for a in 0..6 {
                for b in a + 1..6 {
                    edges.push((base + a, base + b, 1.0));
                }
            }
            edges.push((base + 5, (base + 6) % 120, 0.5));
        }
        let c = communities(120, &edges);
        for k in 0..20usize {
            let first = c[k * 6];
            assert!(c[k * 6..k * 6 + 6].iter().all(|x| *x == first), "{c:?}");
            if k > 0 {
                assert_ne!(c[k * 6], c[(k - 1) * 6]);
            }
        }
        assert_eq!(communities(120, &edges), c);
    }

    #[test]
    fn empty_graph_is_all_singletons() {
        assert_eq!(communities(3, &[]), vec![0, 1, 2]);
    }
}
