"""Test infrastructure: throwaway PostgreSQL server and fresh databases per test."""
