// http/net.hpp — the one place Boost.Asio/Beast are included.
// g++ 12 with -std=c++20 needs <utility> before <boost/asio.hpp>
// ('exchange' is not a member of 'std' in asio/awaitable.hpp, asio#944).
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
