let opt;
try {
  opt = require('optional-native-addon');
} catch (e) {}
const express = require('expresss');
const x = require('node:fakebuiltin');
const y = require('express');
