#!/usr/bin/env node
// The `task-management-data-access` executable: runs the CLI on this process.
import process from 'node:process';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
