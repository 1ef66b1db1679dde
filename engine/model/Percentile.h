// The percentile every figure of Ensemble uses (charts, produce summaries, benchmarks): the value at rank
// round(p · (n − 1)) of the n values, p from 0 to 1; 0 when there are none.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ensemble {

// Reorders VALUES (nth_element); pass a copy to keep their order.
template <typename T> double percentileOf(std::vector<T> &values, double p)
{
    if (values.empty())
        return 0;
    const size_t at = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(at), values.end());
    return double(values[at]);
}

} // namespace ensemble
